/**
 * A Dexie liveQuery as a rune-friendly value: `current` is undefined until the first
 * result, then follows the database. Bridged with createSubscriber (not fromStore, which
 * throws on teardown with Dexie 4.4), so the query runs only while something reads it.
 */
import { liveQuery } from 'dexie';
import { createSubscriber } from 'svelte/reactivity';

export class LiveQuery<T> {
  #value: T | undefined = undefined;
  #error: unknown = undefined;
  #subscribe: () => void;

  constructor(querier: () => T | Promise<T>) {
    this.#subscribe = createSubscriber((update) => {
      const sub = liveQuery(querier).subscribe({
        next: (value) => {
          this.#value = value;
          this.#error = undefined;
          update();
        },
        error: (error: unknown) => {
          this.#error = error;
          update();
        }
      });
      return () => sub.unsubscribe();
    });
  }

  get current(): T | undefined {
    this.#subscribe();
    return this.#value;
  }

  get error(): unknown {
    this.#subscribe();
    return this.#error;
  }
}

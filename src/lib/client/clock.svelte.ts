/** The current time as a reactive value that ticks while something reads it. */
import { createSubscriber } from 'svelte/reactivity';

/** Schedules move by the minute; 30 s keeps "on now" and "today" at most half a minute late. */
const TICK_MS = 30_000;

class Clock {
  #now = new Date();
  #subscribe = createSubscriber((update) => {
    const timer = setInterval(() => {
      this.#now = new Date();
      update();
    }, TICK_MS);
    return () => clearInterval(timer);
  });

  get now(): Date {
    this.#subscribe();
    return this.#now;
  }
}

export const clock = new Clock();

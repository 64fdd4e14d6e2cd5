/**
 * A one-line bridge from `mutate` to the sync engine, in its own module so the engine
 * (loaded on every page) does not pull the mutators into the home page's JavaScript.
 */
let afterMutation: (() => void) | undefined;

/** Called (once the change is committed) after every mutation: the engine pushes soon. */
export function onMutation(listener: (() => void) | undefined): void {
  afterMutation = listener;
}

export function mutated(): void {
  // Later, not now: inside an enclosing transaction the entry is committed with it.
  if (afterMutation) setTimeout(afterMutation, 0);
}

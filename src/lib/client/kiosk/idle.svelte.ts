/**
 * Idle reset for shared kiosks (DESIGN §7, WCAG 2.2.1): after IDLE_MS without input a
 * visible countdown of COUNTDOWN_S seconds offers to keep going; when it runs out the
 * kiosk goes back to the home screen with the visitor's forms and state cleared.
 */
export const IDLE_MS = 90_000;
export const COUNTDOWN_S = 30;

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart', 'wheel', 'input'] as const;

export class IdleWatch {
  /** Seconds left before the reset, while the warning shows; null otherwise. */
  remaining = $state<number | null>(null);
  #idle: ReturnType<typeof setTimeout> | undefined;
  #tick: ReturnType<typeof setInterval> | undefined;
  #onReset: () => void;
  #fromPerson: (event: Event) => boolean;

  /**
   * `fromPerson` tells input from a person apart from events a script dispatches
   * (`isTrusted` false): only a person keeps a visitor's screen up for the next one.
   */
  constructor(onReset: () => void, fromPerson: (event: Event) => boolean = (e) => e.isTrusted) {
    this.#onReset = onReset;
    this.#fromPerson = fromPerson;
  }

  start(): () => void {
    const activity = (event: Event) => {
      if (!this.#fromPerson(event)) return;
      // Once the warning shows, only its own button keeps the session (a stray touch
      // on the dialog's backdrop should not silently cancel it).
      if (this.remaining === null) this.#arm();
    };
    for (const type of ACTIVITY)
      window.addEventListener(type, activity, { capture: true, passive: true });
    this.#arm();
    return () => {
      for (const type of ACTIVITY) window.removeEventListener(type, activity, { capture: true });
      this.#clear();
    };
  }

  /** "I'm still here": back to normal. */
  stay(): void {
    this.#arm();
  }

  /** "Finish now", or the countdown ran out. */
  resetNow(): void {
    this.#clear();
    this.remaining = null;
    this.#onReset();
    this.#arm();
  }

  #arm() {
    this.#clear();
    this.remaining = null;
    this.#idle = setTimeout(() => this.#warn(), IDLE_MS);
  }

  #warn() {
    // Counted against the clock, not in ticks: a busy or throttled page still resets on time.
    const deadline = Date.now() + COUNTDOWN_S * 1000;
    this.remaining = COUNTDOWN_S;
    this.#tick = setInterval(() => {
      if (this.remaining === null) return;
      this.remaining = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      if (this.remaining <= 0) this.resetNow();
    }, 250);
  }

  #clear() {
    clearTimeout(this.#idle);
    clearInterval(this.#tick);
    this.#idle = undefined;
    this.#tick = undefined;
  }
}

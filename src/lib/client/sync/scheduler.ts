/**
 * When to pull: at start, when the network comes back, when the screen is shown again, and
 * periodically; after a failure, wait longer each time (exponential backoff with jitter,
 * so a park's kiosks that lost the network together do not all retry in the same second).
 */

export interface SchedulerEnv {
  isOnline: () => boolean;
  addEventListener: (type: string, fn: () => void) => void;
  removeEventListener: (type: string, fn: () => void) => void;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  random: () => number;
}

export interface SchedulerOptions {
  /** Pause between successful pulls. */
  intervalMs?: number;
  /** First retry after a failure; doubles each time up to maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export const DEFAULTS = {
  // A changed session time reaches an online kiosk within a minute.
  intervalMs: 60_000,
  minBackoffMs: 5_000,
  // A kiosk that has been offline for hours still checks every five minutes.
  maxBackoffMs: 300_000
} as const;

export class PullScheduler {
  #run: () => Promise<void>;
  #env: SchedulerEnv;
  #opts: Required<SchedulerOptions>;
  #timer: unknown = undefined;
  #running = false;
  #again = false;
  #failures = 0;
  #started = false;

  constructor(run: () => Promise<void>, env: SchedulerEnv, opts: SchedulerOptions = {}) {
    this.#run = run;
    this.#env = env;
    this.#opts = { ...DEFAULTS, ...opts };
  }

  get failures(): number {
    return this.#failures;
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#env.addEventListener('online', this.#onWake);
    this.#env.addEventListener('visible', this.#onWake);
    this.trigger();
  }

  stop(): void {
    this.#started = false;
    this.#env.removeEventListener('online', this.#onWake);
    this.#env.removeEventListener('visible', this.#onWake);
    this.#clear();
  }

  /** Pull now (or right after the pull in flight finishes). */
  trigger(): void {
    if (!this.#started) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#clear();
    void this.#tick();
  }

  #onWake = () => {
    // The network is back: forget the backoff, it was about the outage.
    this.#failures = 0;
    this.trigger();
  };

  async #tick(): Promise<void> {
    if (!this.#env.isOnline()) {
      // Nothing to do until the browser says we are online again ('online' wakes us), but
      // check now and then in case that event never comes.
      this.#schedule(this.#opts.maxBackoffMs);
      return;
    }
    this.#running = true;
    let ok = false;
    try {
      await this.#run();
      ok = true;
    } catch {
      ok = false;
    } finally {
      this.#running = false;
    }
    if (!this.#started) return;
    if (this.#again) {
      this.#again = false;
      this.#failures = ok ? 0 : this.#failures;
      void this.#tick();
      return;
    }
    if (ok) {
      this.#failures = 0;
      this.#schedule(this.#opts.intervalMs);
    } else {
      this.#failures++;
      this.#schedule(this.backoffMs(this.#failures));
    }
  }

  /** Delay before retry number n (1-based): min·2^(n−1), capped, with ±25 % jitter. */
  backoffMs(n: number): number {
    const base = Math.min(this.#opts.maxBackoffMs, this.#opts.minBackoffMs * 2 ** (n - 1));
    return Math.round(base * (0.75 + this.#env.random() * 0.5));
  }

  #schedule(ms: number): void {
    this.#clear();
    this.#timer = this.#env.setTimeout(() => {
      this.#timer = undefined;
      void this.#tick();
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== undefined) this.#env.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

/** The browser's version of the environment; 'visible' fires when the page is shown. */
export function browserSchedulerEnv(): SchedulerEnv {
  const visibleListeners = new Map<() => void, () => void>();
  return {
    isOnline: () => navigator.onLine,
    addEventListener: (type, fn) => {
      if (type === 'visible') {
        const wrapped = () => {
          if (document.visibilityState === 'visible') fn();
        };
        visibleListeners.set(fn, wrapped);
        document.addEventListener('visibilitychange', wrapped);
      } else window.addEventListener(type, fn);
    },
    removeEventListener: (type, fn) => {
      if (type === 'visible') {
        const wrapped = visibleListeners.get(fn);
        if (wrapped) document.removeEventListener('visibilitychange', wrapped);
        visibleListeners.delete(fn);
      } else window.removeEventListener(type, fn);
    },
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (h) => window.clearTimeout(h as number),
    random: Math.random
  };
}

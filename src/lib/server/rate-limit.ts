/** A fixed-window limit per key (an address), kept in memory: enough for one app process. */
export class RateLimit {
  #hits = new Map<string, { start: number; count: number }>();
  constructor(
    readonly limit: number,
    readonly windowMs: number
  ) {}

  /** True if `key` may go ahead now (and counts the attempt). */
  take(key: string, now = Date.now()): boolean {
    const entry = this.#hits.get(key);
    if (!entry || now - entry.start >= this.windowMs) {
      if (this.#hits.size > 10_000) this.#prune(now);
      this.#hits.set(key, { start: now, count: 1 });
      return true;
    }
    entry.count++;
    return entry.count <= this.limit;
  }

  #prune(now: number) {
    for (const [k, e] of this.#hits) if (now - e.start >= this.windowMs) this.#hits.delete(k);
  }
}

import { describe, expect, it } from 'vitest';
import { PullScheduler, type SchedulerEnv } from './scheduler';

/** A hand-driven clock and event bus standing in for the browser. */
function fakeEnv(online = true) {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const listeners = new Map<string, Set<() => void>>();
  const env: SchedulerEnv & {
    online: boolean;
    advance: (ms: number) => Promise<void>;
    fire: (type: string) => void;
    pending: () => number[];
  } = {
    online,
    isOnline: () => env.online,
    addEventListener: (type, fn) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(fn);
    },
    removeEventListener: (type, fn) => listeners.get(type)?.delete(fn),
    setTimeout: (fn, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (h) => timers.delete(h as number),
    random: () => 0.5,
    advance: async (ms) => {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until);
        if (due.length === 0) break;
        due.sort((a, b) => a[1].at - b[1].at);
        const [id, t] = due[0]!;
        timers.delete(id);
        now = t.at;
        t.fn();
        await flush();
      }
      now = until;
    },
    fire: (type) => listeners.get(type)?.forEach((fn) => fn()),
    pending: () => [...timers.values()].map((t) => t.at - now)
  };
  return env;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('PullScheduler', () => {
  it('pulls at start and then every interval', async () => {
    const env = fakeEnv();
    let runs = 0;
    const s = new PullScheduler(async () => void runs++, env, { intervalMs: 1000 });
    s.start();
    await flush();
    expect(runs).toBe(1);
    await env.advance(3000);
    expect(runs).toBe(4);
    s.stop();
    await env.advance(5000);
    expect(runs).toBe(4);
  });

  it('backs off exponentially after failures, capped, and resets on success', async () => {
    const env = fakeEnv();
    let fail = true;
    const s = new PullScheduler(
      async () => {
        if (fail) throw new Error('down');
      },
      env,
      { intervalMs: 60_000, minBackoffMs: 1000, maxBackoffMs: 8000 }
    );
    expect([1, 2, 3, 4, 5, 6].map((n) => s.backoffMs(n))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000
    ]);
    s.start();
    await flush();
    expect(s.failures).toBe(1);
    expect(env.pending()).toEqual([1000]);
    await env.advance(1000);
    expect(s.failures).toBe(2);
    expect(env.pending()).toEqual([2000]);
    fail = false;
    await env.advance(2000);
    expect(s.failures).toBe(0);
    expect(env.pending()).toEqual([60_000]);
    s.stop();
  });

  it('waits while offline and pulls as soon as the network returns', async () => {
    const env = fakeEnv(false);
    let runs = 0;
    const s = new PullScheduler(async () => void runs++, env, { maxBackoffMs: 300_000 });
    s.start();
    await flush();
    expect(runs).toBe(0);
    env.online = true;
    env.fire('online');
    await flush();
    expect(runs).toBe(1);
    s.stop();
  });

  it('coalesces triggers that arrive during a pull into one more pull', async () => {
    const env = fakeEnv();
    let runs = 0;
    let release: () => void = () => {};
    const s = new PullScheduler(
      () =>
        new Promise<void>((r) => {
          runs++;
          release = r;
        }),
      env
    );
    s.start();
    s.trigger();
    s.trigger();
    expect(runs).toBe(1);
    release();
    await flush();
    expect(runs).toBe(2);
    release();
    await flush();
    expect(runs).toBe(2);
    s.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { SYNC_LOCK, withSyncLock } from './lock';

/** A LockManager as browsers have it, for one name: callers queue and run one at a time. */
function fakeLocks() {
  let tail: Promise<unknown> = Promise.resolve();
  const names: string[] = [];
  return {
    names,
    request: ((name: string, _opts: unknown, fn: () => Promise<unknown>) => {
      names.push(name);
      const run = tail.then(() => fn());
      tail = run.catch(() => undefined);
      return run;
    }) as unknown as LockManager['request']
  };
}

describe('withSyncLock', () => {
  it('runs one sync at a time across callers (tabs), in the order they asked', async () => {
    const locks = fakeLocks();
    const log: string[] = [];
    const sync = (tab: string) =>
      withSyncLock(async () => {
        log.push(`${tab} start`);
        await new Promise((r) => setTimeout(r, 5));
        log.push(`${tab} end`);
        return tab;
      }, locks);
    expect(await Promise.all([sync('a'), sync('b')])).toEqual(['a', 'b']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(locks.names).toEqual([SYNC_LOCK, SYNC_LOCK]);
  });

  it('a failed sync lets the next one run', async () => {
    const locks = fakeLocks();
    const failed = withSyncLock(() => Promise.reject(new Error('offline')), locks);
    await expect(failed).rejects.toThrow('offline');
    expect(await withSyncLock(() => Promise.resolve('ok'), locks)).toBe('ok');
  });

  it('without Web Locks it simply runs', async () => {
    expect(await withSyncLock(() => Promise.resolve(1), undefined)).toBe(1);
  });
});

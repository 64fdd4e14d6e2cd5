/**
 * One syncing tab at a time (issue 11, 2g). Every tab of a device shares one IndexedDB:
 * one outbox, one cursor, one set of seat leases. Two tabs pushing and pulling at once
 * would read the same outbox batch and write pages over each other; the Web Locks API
 * queues them, across tabs and windows of the origin, and lets a lock go when its tab dies.
 */

/** The lock's name; any tab of the origin asking for it waits for the one that holds it. */
export const SYNC_LOCK = 'parque-sync';

type LockManagerLike = Pick<LockManager, 'request'>;

/**
 * Runs `fn` holding the sync lock. Without Web Locks (an old browser, a test), `fn` just
 * runs: each write still checks its basis (apply.ts), so nothing is written twice.
 */
export async function withSyncLock<T>(
  fn: () => Promise<T>,
  locks: LockManagerLike | undefined = globalThis.navigator?.locks
): Promise<T> {
  if (!locks) return fn();
  return locks.request(SYNC_LOCK, { mode: 'exclusive' }, () => fn()) as Promise<T>;
}

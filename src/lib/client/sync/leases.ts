/** Asks the server to top up this kiosk's seat leases; the grants arrive with the next pull. */
import { credentialOf, withCredential } from '../credential';
import { clientIdOf } from '../identity';
import type { ParqueDb } from '../db';
import { PullFailed } from './pull';

export async function requestLeases(
  db: ParqueDb,
  branchId: string,
  fetchFn: typeof fetch = fetch,
  release = false
): Promise<number> {
  await credentialOf(db, fetchFn);
  const res = await withCredential(db, fetchFn)('/api/sync/leases', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ clientId: await clientIdOf(db), branchId, release }),
    cache: 'no-store'
  });
  const body = (await res.json().catch(() => ({}))) as { granted?: number; message?: string };
  if (!res.ok || body.granted === undefined) {
    throw new PullFailed(
      body.message ?? `lease request failed with HTTP ${res.status}`,
      res.status < 500
    );
  }
  return body.granted;
}

/**
 * Leaving kiosk mode or the park: push what is pending, then give the unused seats back
 * (best effort: offline, the server keeps them until each session starts). The device
 * stops spending them either way.
 */
export async function releaseKioskSeats(
  db: ParqueDb,
  branchId: string,
  fetchFn: typeof fetch = fetch
): Promise<void> {
  try {
    const { pushAll } = await import('./push');
    await pushAll(db, branchId, fetchFn);
    if ((await db.outbox.count()) === 0) await requestLeases(db, branchId, fetchFn, true);
  } catch {
    // offline: the seats come back at each session's start
  }
  await db.leases.clear();
}

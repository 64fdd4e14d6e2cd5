/** Asks the server to top up this kiosk's seat leases; the grants arrive with the next pull. */
import { clientIdOf } from '../identity';
import type { ParqueDb } from '../db';
import { PullFailed } from './pull';

export async function requestLeases(
  db: ParqueDb,
  branchId: string,
  fetchFn: typeof fetch = fetch
): Promise<number> {
  const res = await fetchFn('/api/sync/leases', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ clientId: await clientIdOf(db), branchId }),
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

/**
 * What a refused kiosk or desk had not sent (domain/unsent.ts). When the server refuses the
 * credential, the outbox is set apart under the refused credential's id, so a new
 * enrolment does not send it unseen; a librarian signs in on the device and sends or
 * discards it from the console (/staff/unsent), and the server audits the choice.
 */
import { PUSH_MAX_MUTATIONS } from '../domain/limits';
import type { UnsentResponse } from '../domain/unsent';
import type { DeviceCredential } from './credential';
import type { ParqueDb, UnsentChanges } from './db';

/**
 * Moves the outbox aside for staff. Call inside a transaction over outbox and unsent, with
 * the credential that was refused.
 */
export async function setAsideUnsent(
  db: ParqueDb,
  refused: DeviceCredential,
  now = new Date()
): Promise<number> {
  const entries = await db.outbox.orderBy('id').toArray();
  if (entries.length === 0 || refused.kind === 'phone' || !refused.branchId) return 0;
  const held = await db.unsent.get(refused.deviceId);
  await db.unsent.put({
    deviceId: refused.deviceId,
    branchId: refused.branchId,
    kind: refused.kind,
    refusedAt: held?.refusedAt ?? now.toISOString(),
    mutations: [...(held?.mutations ?? []), ...entries]
  });
  // The next credential numbers its own changes from 1 (adoptCredential).
  await db.outbox.clear();
  return entries.length;
}

export async function unsentChanges(db: ParqueDb): Promise<UnsentChanges[]> {
  return db.unsent.toArray();
}

export class UnsentRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

/**
 * Sends (or discards) every set-aside change with the staff session of this browser, in
 * batches a push can carry; each batch leaves the device once the server has answered.
 */
export async function settleUnsent(
  db: ParqueDb,
  action: 'send' | 'discard',
  fetchFn: typeof fetch = fetch
): Promise<UnsentResponse> {
  const total: UnsentResponse = { action, applied: 0, rejected: 0, discarded: 0 };
  for (const held of await db.unsent.toArray()) {
    while (held.mutations.length > 0) {
      const batch = held.mutations.slice(0, PUSH_MAX_MUTATIONS);
      const res = await fetchFn('/api/devices/unsent', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'same-origin',
        cache: 'no-store',
        body: JSON.stringify({
          action,
          deviceId: held.deviceId,
          branchId: held.branchId,
          kind: held.kind,
          mutations: batch
        })
      });
      const body = (await res.json().catch(() => ({}))) as Partial<UnsentResponse> & {
        error?: string;
        message?: string;
      };
      if (!res.ok) {
        throw new UnsentRefused(res.status, body.error ?? `http_${res.status}`, body.message ?? '');
      }
      total.applied += body.applied ?? 0;
      total.rejected += body.rejected ?? 0;
      total.discarded += body.discarded ?? 0;
      held.mutations = held.mutations.slice(batch.length);
      await db.transaction('rw', db.unsent, async () => {
        if (held.mutations.length === 0) await db.unsent.delete(held.deviceId);
        else await db.unsent.put(held);
      });
    }
  }
  return total;
}

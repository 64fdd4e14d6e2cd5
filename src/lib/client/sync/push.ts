/**
 * Sends the outbox to the server in order, in batches, and drops what it confirmed.
 */
import { PUSH_MAX_MUTATIONS } from '../../domain/limits';
import type { PushResponse } from '../../domain/mutation';
import { getMeta, META, type ParqueDb } from '../db';
import {
  credentialOf,
  credentialRefused,
  CredentialRefused,
  readCredential,
  withCredential,
  type DeviceCredential
} from '../credential';
import { clientIdOf } from '../identity';
import { PullFailed } from './pull';

/** Batches per run, as a bound against a server that keeps answering without progress. */
const MAX_ROUNDS = 50;

export async function pushAll(
  db: ParqueDb,
  branchId: string,
  fetchFn: typeof fetch = fetch
): Promise<{ pushed: number }> {
  let pushed = 0;
  // The credential first: adopting one renumbers the outbox and sets the clientId.
  await credentialOf(db, fetchFn);
  const send = withCredential(db, fetchFn);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const batch = await db.outbox.orderBy('id').limit(PUSH_MAX_MUTATIONS).toArray();
    if (batch.length === 0) break;
    const clientId = await clientIdOf(db);
    const res = await send('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId,
        branchId,
        pendingCount: await db.outbox.count(),
        mutations: batch
      }),
      cache: 'no-store'
    });
    const body = (await res.json().catch(() => ({}))) as Partial<PushResponse> & {
      error?: string;
      message?: string;
      /** With identity_conflict: the numbers that were this device's own, already applied. */
      applied?: number[];
    };
    if (res.status === 409 && body.error === 'identity_conflict') {
      // Another device holds this identity (a cloned image): its changes would be skipped
      // as done. Drop what the server did apply from this very device before the split,
      // then take a new identity: a phone asks for one and sends the rest under it; a
      // kiosk or desk sets the rest aside for staff and must be enrolled again.
      const kind = await anotherDeviceHasThisIdentity(db, body.applied ?? []);
      if (kind === 'phone') {
        await credentialOf(db, fetchFn); // a new identity, the outbox renumbered under it
        continue;
      }
      throw new CredentialRefused('identity_conflict', body.message ?? 'identity_conflict');
    }
    if (res.status === 409 && body.error === 'mutation_gap' && body.lastMutationId !== undefined) {
      // The server forgot mutations it had confirmed (restored from a backup): what is
      // still here was never applied there, so number it again from where it stands.
      await renumberOutbox(db, body.lastMutationId);
      continue;
    }
    if (!res.ok || body.lastMutationId === undefined) {
      throw new PullFailed(
        body.message ?? `push failed with HTTP ${res.status}`,
        res.status >= 400 && res.status < 500
      );
    }
    const last = body.lastMutationId;
    await db.transaction('rw', [db.outbox, db.meta, db.leases], async () => {
      const known = (await getMeta<number>(db, META.lastMutationId)) ?? 0;
      if (last > known) await db.meta.put({ key: META.lastMutationId, value: last });
      const done = await db.outbox.where('id').belowOrEqual(last).toArray();
      // A confirmed spend now counts in the lease's `used` on the server; count it here too
      // until the next pull brings the server's figure, so no seat is promised twice.
      for (const m of done) {
        const leaseId = (m.args as { leaseId?: string } | null)?.leaseId;
        if (m.name !== 'registerAttendee' || !leaseId) continue;
        const lease = await db.leases.get(leaseId);
        if (lease) await db.leases.put({ ...lease, used: lease.used + 1 });
      }
      await db.outbox.where('id').belowOrEqual(last).delete();
    });
    pushed += body.outcomes?.length ?? 0;
    if (last < (batch.at(-1)?.id ?? 0)) break; // the server stopped early; try again later
  }
  return { pushed };
}

async function anotherDeviceHasThisIdentity(
  db: ParqueDb,
  applied: number[]
): Promise<DeviceCredential['kind'] | undefined> {
  const credential = await readCredential(db);
  await db.outbox.bulkDelete(applied);
  if (credential?.kind === 'phone') {
    // Forgotten, so the next request asks for a new one; adopting it renumbers the outbox.
    await db.meta.delete(META.credential);
    return 'phone';
  }
  await credentialRefused(db, 'identity_conflict');
  return credential?.kind;
}

async function renumberOutbox(db: ParqueDb, serverLast: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.meta], async () => {
    const entries = await db.outbox.orderBy('id').toArray();
    await db.outbox.clear();
    let id = serverLast;
    for (const e of entries) await db.outbox.add({ ...e, id: ++id });
    await db.meta.put({ key: META.nextMutationId, value: id + 1 });
    await db.meta.put({ key: META.lastMutationId, value: serverLast });
  });
}

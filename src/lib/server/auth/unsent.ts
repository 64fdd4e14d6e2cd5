/**
 * A member of staff sends or discards what a refused kiosk or desk had not sent (see
 * domain/unsent.ts). Sending goes through the same push as the device's own, under the
 * device's old identity when the server knows it, so exactly-once still holds: changes the
 * server had already applied (a response lost before the revocation) are skipped.
 */
import { randomUUID } from 'node:crypto';
import type { Mutation } from '../../domain/mutation';
import type { UnsentRequest, UnsentResponse } from '../../domain/unsent';
import type { Db } from '../db/index';
import { push, PushError } from '../sync/push';
import { audit } from './audit';
import { staffInPark, type DeviceIdentity, type StaffIdentity } from './types';

export class UnsentError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

export async function handleUnsent(
  db: Db,
  staff: StaffIdentity,
  req: UnsentRequest,
  now = new Date()
): Promise<UnsentResponse> {
  if (staff.role === 'facilitator') {
    throw new UnsentError(403, 'forbidden', 'a librarian or an admin decides about these');
  }
  const known = await db
    .selectFrom('devices')
    .select(['id', 'kind', 'branch_id', 'status'])
    .where('id', '=', req.deviceId)
    .executeTakeFirst();
  if (known && known.status === 'active') {
    throw new UnsentError(409, 'device_active', 'this device is still enrolled: it sends its own');
  }
  if (known && known.kind === 'phone') {
    throw new UnsentError(400, 'bad_request', 'a phone sends its own changes');
  }
  const branchId = known?.branch_id ?? req.branchId;
  const branch = await db
    .selectFrom('branches')
    .select('id')
    .where('id', '=', branchId)
    .executeTakeFirst();
  if (!branch) throw new UnsentError(404, 'unknown_branch', 'there is no such library park');
  if (!staffInPark(staff, branchId)) {
    throw new UnsentError(403, 'wrong_park', 'this device belongs to a park you do not work in');
  }
  const base = {
    staffId: staff.id,
    deviceId: req.deviceId,
    branchId,
    detail: {
      count: req.mutations.length,
      registrations: req.mutations.filter((m) => m.name === 'registerAttendee').length,
      known: known !== undefined
    }
  };
  if (req.action === 'discard') {
    await audit(db, { kind: 'orphan_discarded', ...base }, now);
    return { action: 'discard', applied: 0, rejected: 0, discarded: req.mutations.length };
  }

  // Under the old identity if the server knows it (its counter skips what was applied);
  // a device it has forgotten (a restore) sends under a new one, numbered from 1.
  let identity: DeviceIdentity = known
    ? { id: known.id, kind: known.kind, branchId }
    : { id: randomUUID(), kind: req.kind, branchId };
  let mutations: Mutation[] = known ? req.mutations : renumber(req.mutations, 0);
  const send = () =>
    push(db, { clientId: identity.id, branchId, pendingCount: 0, mutations }, () => now, identity);
  let result;
  try {
    result = await send();
  } catch (e) {
    if (!(e instanceof PushError) || e.status !== 409) throw e;
    if (e.code === 'identity_conflict') {
      // Another device holds this identity (a clone): what it had not applied of these
      // goes under a new identity instead of being skipped as done.
      const done = new Set(e.applied ?? []);
      identity = { ...identity, id: randomUUID() };
      mutations = renumber(
        mutations.filter((m) => !done.has(m.id)),
        0
      );
    } else if (e.lastMutationId !== undefined) {
      // The server forgot some of this device's changes (a restore): what it still lacks
      // follows the last one it has.
      mutations = renumber(mutations, e.lastMutationId);
    } else throw e;
    result = await send();
  }
  const applied = result.outcomes.filter((o) => o.status === 'applied').length;
  const rejected = result.outcomes.length - applied;
  await audit(
    db,
    {
      kind: 'orphan_sent',
      ...base,
      subject: identity.id,
      detail: { ...base.detail, applied, rejected, skipped: mutations.length - applied - rejected }
    },
    now
  );
  return { action: 'send', applied, rejected, discarded: 0 };
}

function renumber(mutations: Mutation[], last: number): Mutation[] {
  return mutations.map((m, i) => ({ ...m, id: last + 1 + i }));
}

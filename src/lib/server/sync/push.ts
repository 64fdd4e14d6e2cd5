/**
 * POST /api/sync/push: applies a device's mutations exactly once, in order (DESIGN §4).
 *
 * A batch runs in one write transaction that also reads and advances the device's
 * lastMutationId, so a retry, a duplicated request or two overlapping pushes can never
 * apply one twice. A mutation that can never succeed is recorded as rejected and still
 * advances the counter (one bad entry must not wedge a kiosk); anything else that throws
 * (the database is down) rolls the batch back and leaves the counter where it was.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import * as v from 'valibot';
import { clampStamp, floorStamp, MAX_STAMP_AGE_MS } from '../../domain/hlc';
import {
  isMutatorName,
  MUTATOR_ARGS,
  type Mutation,
  type Outcome,
  type PushRequest,
  type PushResponse
} from '../../domain/mutation';
import { REJECTIONS } from '../../domain/registration';
import { mutatorAllowed } from '../auth/policy';
import type { DeviceIdentity } from '../auth/types';
import { writeTransaction, type Db, type Tx } from '../db/index';
import { MutationRejected, type EditRecord, type MutationContext } from '../mutators/context';
import { serverMutators } from '../mutators/index';
import { audit } from '../auth/audit';

type MutatorFn = (c: MutationContext, a: unknown) => Promise<void | EditRecord>;

/** A staff change lands in the audit log in the transaction that made it (issue 9 §9). */
export async function recordEdit(trx: Tx, ctx: MutationContext, edit: EditRecord): Promise<void> {
  await audit(
    trx,
    {
      kind: edit.kind,
      staffId: ctx.actor?.staffId ?? null,
      deviceId: ctx.actor?.deviceId ?? null,
      branchId: ctx.branchId,
      subject: edit.subject,
      detail: edit.detail
    },
    ctx.now
  );
}

export class PushError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly lastMutationId?: number,
    /** With identity_conflict: the numbers sent that are the ones applied (same content). */
    readonly applied?: number[]
  ) {
    super(message);
  }
}

/** The device numbers past what this database has: it lost mutations it had confirmed. */
class MutationGap extends PushError {
  constructor(
    message: string,
    lastMutationId: number,
    readonly epoch: string
  ) {
    super(409, 'mutation_gap', message, lastMutationId);
  }
}

/** Zero-padded so outcome keys sort in mutation order within a client. */
export const outcomeKey = (clientId: string, id: number) =>
  `${clientId}:${String(id).padStart(10, '0')}`;

export async function lastMutationId(trx: Tx | Db, clientId: string): Promise<number> {
  const row = await trx
    .selectFrom('clients')
    .select('last_mutation_id')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  return row?.last_mutation_id ?? 0;
}

/**
 * `device` is the caller's credential (the route always passes it): the body's clientId
 * must be that device, and a kiosk or desk pushes only for the park it is bound to. Tests
 * of the protocol alone may leave it out.
 */
export async function push(
  db: Db,
  req: PushRequest,
  now = () => new Date(),
  device?: DeviceIdentity
): Promise<PushResponse> {
  if (device) {
    if (req.clientId !== device.id) {
      throw new PushError(403, 'wrong_client', 'clientId must be the id of this device credential');
    }
    if (device.branchId !== null && req.branchId !== device.branchId) {
      throw new PushError(403, 'wrong_park', 'this device is enrolled at another library park');
    }
  }
  const branch = await db
    .selectFrom('branches')
    .select('id')
    .where('id', '=', req.branchId)
    .executeTakeFirst();
  if (!branch) {
    throw new PushError(
      404,
      'unknown_branch',
      `there is no library park with id "${req.branchId}"`
    );
  }
  // A device always sends a run of consecutive numbers; anything else is a broken client.
  for (let i = 1; i < req.mutations.length; i++) {
    if (req.mutations[i]!.id !== req.mutations[i - 1]!.id + 1) {
      throw new PushError(400, 'bad_request', 'mutation ids in a push must be consecutive');
    }
  }
  // One transaction for the batch: it reads and advances lastMutationId itself, so a retry,
  // a duplicated request or an overlapping push applies nothing twice; a temporary failure
  // rolls the whole batch back and counts none of it.
  const at = now();
  // A gap means the server lost this device's mutations (a rewind), or a broken or hostile
  // client: the device renumbers (409). The epoch is not rotated on it: any device can send
  // any number, and one must not make every device of the city resync.
  return pushBatch(db, req, at, device);
}

async function pushBatch(
  db: Db,
  req: PushRequest,
  at: Date,
  device: DeviceIdentity | undefined
): Promise<PushResponse> {
  return writeTransaction(db, async (trx, version) => {
    const outcomes: Outcome[] = [];
    let last = await lastMutationId(trx, req.clientId);
    // Stamps are floored (issue 8): not before the device existed, nor more than
    // MAX_STAMP_AGE_MS before now, and after the last one accepted from it.
    const floor = await stampFloor(trx, req.clientId, device, at);
    await refuseAnotherDevice(trx, req, last);
    const fresh = req.mutations.filter((m) => m.id > last);
    if (fresh.length > 0 && fresh[0]!.id > last + 1) {
      const { epoch } = await trx
        .selectFrom('sync_state')
        .select('epoch')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      throw new MutationGap(
        `mutation ${fresh[0]!.id} arrived but the server has only up to ${last}; send ${last + 1} first`,
        last,
        epoch
      );
    }
    for (const m of fresh) {
      const stamp = floorStamp(clampStamp(m.at, at.getTime()), floor.notBefore, floor.last);
      outcomes.push(await applyOne(trx, version, req, m, at, device, stamp));
      floor.last = stamp;
      last = m.id;
    }
    await trx
      .insertInto('clients')
      .values({
        client_id: req.clientId,
        branch_id: req.branchId,
        last_mutation_id: last,
        pending_count: req.pendingCount,
        last_push_at: at.toISOString(),
        last_pull_at: null,
        kind: null,
        last_stamp: floor.last
      })
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({
          last_mutation_id: last,
          branch_id: req.branchId,
          pending_count: req.pendingCount,
          last_push_at: at.toISOString(),
          last_stamp: floor.last
        })
      )
      .execute();
    return { lastMutationId: last, outcomes };
  });
}

/**
 * What a mutation said, to tell a retry (the same change again: skipped) from another
 * device sending under the same identity (a cloned image: refused, issue 11 2d). The
 * arguments are hashed as the device serialised them; a clone serialises the same rows
 * from the same IndexedDB the same way.
 */
export function fingerprintOf(m: Mutation): string {
  return createHash('sha256')
    .update(`${m.name}\n${m.at}\n${JSON.stringify(m.args)}`)
    .digest('hex')
    .slice(0, 32);
}

/**
 * Numbers the server already applied for this identity must carry what they carried then.
 * One that does not comes from another device holding the same credential: 409
 * `identity_conflict`, nothing applied, so the device can take a new identity and send
 * its changes again instead of having them skipped as done.
 */
async function refuseAnotherDevice(trx: Tx, req: PushRequest, last: number): Promise<void> {
  const seen = req.mutations.filter((m) => m.id <= last);
  if (seen.length === 0) return;
  const stored = await trx
    .selectFrom('mutation_outcomes')
    .select(['mutation_id', 'fingerprint'])
    .where('client_id', '=', req.clientId)
    .where(
      'mutation_id',
      'in',
      seen.map((m) => m.id)
    )
    .execute();
  const byId = new Map(stored.map((r) => [r.mutation_id, r.fingerprint]));
  const differs = seen.filter((m) => {
    const before = byId.get(m.id);
    return before != null && before !== fingerprintOf(m);
  });
  if (differs.length === 0) return;
  throw new PushError(
    409,
    'identity_conflict',
    `mutation ${differs[0]!.id} of this device is not the one the server applied under that number: another device holds this identity`,
    last,
    seen.filter((m) => !differs.includes(m)).map((m) => m.id)
  );
}

/** Where this device's next stamp may start: see floorStamp. */
async function stampFloor(
  trx: Tx,
  clientId: string,
  device: DeviceIdentity | undefined,
  at: Date
): Promise<{ notBefore: number; last: string | null }> {
  const client = await trx
    .selectFrom('clients')
    .select('last_stamp')
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  let notBefore = at.getTime() - MAX_STAMP_AGE_MS;
  if (device) {
    const row = await trx
      .selectFrom('devices')
      .select('created_at')
      .where('id', '=', device.id)
      .executeTakeFirst();
    if (row) notBefore = Math.max(notBefore, Date.parse(row.created_at));
  }
  return { notBefore, last: client?.last_stamp ?? null };
}

/** Applies one mutation inside the batch's transaction and records its outcome. */
async function applyOne(
  trx: Tx,
  version: number,
  req: PushRequest,
  m: Mutation,
  now: Date,
  device: DeviceIdentity | undefined,
  stamp: string
): Promise<Outcome> {
  let outcome: Outcome = { id: m.id, status: 'applied', reason: null };
  if (!isMutatorName(m.name)) {
    outcome = { id: m.id, status: 'rejected', reason: REJECTIONS.unknownMutation };
  } else if (device && !mutatorAllowed(m.name, device.kind)) {
    // Recorded and skipped like any refusal: the device moves on, nothing is written.
    outcome = { id: m.id, status: 'rejected', reason: REJECTIONS.forbidden };
  } else {
    const parsed = v.safeParse(MUTATOR_ARGS[m.name], m.args);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const where = issue.path?.map((p) => String(p.key)).join('.');
      outcome = {
        id: m.id,
        status: 'rejected',
        reason: `${REJECTIONS.invalidArgs}: ${where ? `${where}: ` : ''}${issue.message}`
      };
    } else {
      const ctx: MutationContext = {
        trx,
        version,
        clientId: req.clientId,
        branchId: req.branchId,
        stamp,
        now,
        actor: { deviceId: device?.id ?? null, staffId: null }
      };
      // Each mutator runs in a savepoint: a refusal after some writes (a lease swept, a
      // row inserted) rolls back to here, so a rejected mutation leaves nothing behind
      // and the batch goes on (issue 11 §8). The same SQL on SQLite and PostgreSQL.
      await sql`savepoint mutation`.execute(trx);
      try {
        const run = serverMutators[m.name] as MutatorFn;
        const edit = await run(ctx, parsed.output);
        if (edit) await recordEdit(trx, ctx, edit);
        await sql`release savepoint mutation`.execute(trx);
      } catch (e) {
        if (!(e instanceof MutationRejected)) throw e;
        await sql`rollback to savepoint mutation`.execute(trx);
        await sql`release savepoint mutation`.execute(trx);
        outcome = { id: m.id, status: 'rejected', reason: e.reason };
      }
    }
  }
  await trx
    .insertInto('mutation_outcomes')
    .values({
      id: outcomeKey(req.clientId, m.id),
      client_id: req.clientId,
      mutation_id: m.id,
      name: m.name,
      status: outcome.status,
      reason: outcome.reason,
      fingerprint: fingerprintOf(m),
      version
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        name: m.name,
        status: outcome.status,
        reason: outcome.reason,
        fingerprint: fingerprintOf(m),
        version
      })
    )
    .execute();
  return outcome;
}

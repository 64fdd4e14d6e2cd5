/**
 * POST /api/sync/push: applies a device's mutations exactly once, in order (DESIGN §4).
 *
 * Each mutation runs in its own write transaction that also reads and advances the
 * device's lastMutationId, so a retry, a duplicated request or two overlapping pushes can
 * never apply one twice. A mutation that can never succeed is recorded as rejected and
 * still advances the counter (one bad entry must not wedge a kiosk); anything else that
 * throws (the database is down) rolls back and leaves the counter where it was.
 */
import * as v from 'valibot';
import { clampStamp } from '../../domain/hlc';
import {
  isMutatorName,
  MUTATOR_ARGS,
  type Mutation,
  type Outcome,
  type PushRequest,
  type PushResponse
} from '../../domain/mutation';
import { REJECTIONS } from '../../domain/registration';
import { writeTransaction, type Db, type Tx } from '../db/index';
import { MutationRejected, type MutationContext } from '../mutators/context';
import { serverMutators } from '../mutators/index';

export class PushError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly lastMutationId?: number
  ) {
    super(message);
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

export async function push(
  db: Db,
  req: PushRequest,
  now = () => new Date()
): Promise<PushResponse> {
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
  const outcomes: Outcome[] = [];
  for (const m of req.mutations) {
    const outcome = await applyOne(db, req, m, now());
    if (outcome) outcomes.push(outcome);
  }
  await db
    .updateTable('clients')
    .set({ pending_count: req.pendingCount, last_push_at: now().toISOString() })
    .where('client_id', '=', req.clientId)
    .execute();
  return { lastMutationId: await lastMutationId(db, req.clientId), outcomes };
}

/** Applies one mutation in its own transaction; undefined when it was already applied. */
async function applyOne(
  db: Db,
  req: PushRequest,
  m: Mutation,
  now: Date
): Promise<Outcome | undefined> {
  return writeTransaction(db, async (trx, version) => {
    const last = await lastMutationId(trx, req.clientId);
    if (m.id <= last) return undefined;
    if (m.id > last + 1) {
      throw new PushError(
        409,
        'mutation_gap',
        `mutation ${m.id} arrived but the server has only up to ${last}; send ${last + 1} first`,
        last
      );
    }
    let outcome: Outcome = { id: m.id, status: 'applied', reason: null };
    if (!isMutatorName(m.name)) {
      outcome = { id: m.id, status: 'rejected', reason: REJECTIONS.unknownMutation };
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
          stamp: clampStamp(m.at, now.getTime()),
          now
        };
        try {
          const run = serverMutators[m.name] as (c: MutationContext, a: unknown) => Promise<void>;
          await run(ctx, parsed.output);
        } catch (e) {
          // Mutators check before they write, so a refusal leaves nothing half-done.
          if (!(e instanceof MutationRejected)) throw e;
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
        version
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          name: m.name,
          status: outcome.status,
          reason: outcome.reason,
          version
        })
      )
      .execute();
    await trx
      .insertInto('clients')
      .values({
        client_id: req.clientId,
        branch_id: req.branchId,
        last_mutation_id: m.id,
        pending_count: req.pendingCount,
        last_push_at: now.toISOString(),
        last_pull_at: null,
        kind: null
      })
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({ last_mutation_id: m.id, branch_id: req.branchId })
      )
      .execute();
    return outcome;
  });
}

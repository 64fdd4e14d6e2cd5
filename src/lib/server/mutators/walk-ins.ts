/** The server's half of adding a walk-in (domain/walk-in.ts). */
import { sql } from 'kysely';
import { REJECTIONS } from '../../domain/rejections';
import type { AddWalkInArgs } from '../../domain/walk-in';
import { MutationRejected, type EditRecord, type MutationContext } from './context';

export async function addWalkIn(
  ctx: MutationContext,
  a: AddWalkInArgs
): Promise<EditRecord | void> {
  const session = await ctx.trx
    .selectFrom('sessions')
    .select(['id', 'status'])
    .where('id', '=', a.sessionId)
    .where('branch_id', '=', ctx.branchId)
    .executeTakeFirst();
  // Another park's session is answered like one that does not exist.
  if (!session) throw new MutationRejected(REJECTIONS.sessionUnknown);
  if (session.status === 'cancelled') throw new MutationRejected(REJECTIONS.sessionCancelled);
  const existing = await ctx.trx
    .selectFrom('walk_ins')
    .select(['session_id', 'client_id'])
    .where('id', '=', a.walkInId)
    .executeTakeFirst();
  if (existing) {
    // Sent again (a retry): counted once. The same id for another session is not a retry.
    if (existing.session_id !== a.sessionId) throw new MutationRejected(REJECTIONS.idReused);
    return;
  }
  await ctx.trx
    .insertInto('walk_ins')
    .values({
      id: a.walkInId,
      session_id: a.sessionId,
      branch_id: ctx.branchId,
      client_id: ctx.clientId,
      name: a.name ? a.name : null,
      age_band: a.ageBand ?? null,
      comuna: a.comuna ?? null,
      stamp: ctx.stamp,
      created_at: ctx.now.toISOString()
    })
    .execute();
  await ctx.trx
    .updateTable('sessions')
    .set({ walk_ins: sql`walk_ins + 1`, version: ctx.version })
    .where('id', '=', a.sessionId)
    .execute();
  // No name in the audit trail: which session, and that one came.
  return { kind: 'walk_in_added', subject: a.sessionId };
}

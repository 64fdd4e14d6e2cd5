/**
 * The server's half of the session edits (issue 9 §3): the seat rules live in
 * ../sessions.ts; here the edit is scoped to the sender's park and to "this" session or
 * "this and the following" of its series, and recorded for the audit log.
 */
import { REJECTIONS } from '../../domain/rejections';
import {
  shifted,
  type CancelSessionArgs,
  type ChangeCapacityArgs,
  type EditScope,
  type MoveSessionArgs
} from '../../domain/session-edit';
import {
  cancelSession as cancelOne,
  changeCapacity as changeOne,
  moveSession as moveOne
} from '../sessions';
import { MutationRejected, type EditRecord, type MutationContext } from './context';

interface Target {
  id: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  status: string;
  series_id: string | null;
}

/**
 * The session asked for, in the sender's park (another park's is `session_unknown`, like
 * one that does not exist), then, for "following", the later sessions of its series that
 * are not cancelled.
 */
async function targets(ctx: MutationContext, sessionId: string, scope: EditScope) {
  const base = ctx.trx
    .selectFrom('sessions')
    .select(['id', 'starts_at', 'ends_at', 'capacity', 'status', 'series_id'])
    .where('branch_id', '=', ctx.branchId);
  const first: Target | undefined = await base.where('id', '=', sessionId).executeTakeFirst();
  if (!first) throw new MutationRejected(REJECTIONS.sessionUnknown);
  if (scope === 'this' || !first.series_id) return { first, all: [first] };
  const later = await base
    .where('series_id', '=', first.series_id)
    .where('starts_at', '>', first.starts_at)
    .where('status', '!=', 'cancelled')
    .orderBy('starts_at')
    .execute();
  return { first, all: [first, ...later] };
}

export async function changeCapacity(
  ctx: MutationContext,
  a: ChangeCapacityArgs
): Promise<EditRecord> {
  const { first, all } = await targets(ctx, a.sessionId, a.scope);
  if (first.status === 'cancelled') throw new MutationRejected(REJECTIONS.sessionCancelled);
  let trimmed = 0;
  // One refusal (a later session with more confirmed seats than the new capacity) refuses
  // the whole edit: the transaction is rolled back, no session is half-edited.
  for (const s of all) trimmed += (await changeOne(ctx, s.id, a.capacity)).trimmedFromLeases;
  return {
    kind: 'session_capacity_changed',
    subject: a.sessionId,
    detail: {
      'capacity.before': first.capacity,
      'capacity.after': a.capacity,
      scope: a.scope,
      sessions: all.length,
      trimmedFromLeases: trimmed
    }
  };
}

export async function moveSession(ctx: MutationContext, a: MoveSessionArgs): Promise<EditRecord> {
  const { first, all } = await targets(ctx, a.sessionId, a.scope);
  if (first.status === 'cancelled') throw new MutationRejected(REJECTIONS.sessionCancelled);
  const from = { startsAt: first.starts_at, endsAt: first.ends_at };
  for (const s of all) {
    const to = shifted(from, a, { startsAt: s.starts_at, endsAt: s.ends_at });
    await moveOne(ctx, s.id, to.startsAt, to.endsAt);
  }
  return {
    kind: 'session_moved',
    subject: a.sessionId,
    detail: {
      'startsAt.before': first.starts_at,
      'startsAt.after': a.startsAt,
      'endsAt.before': first.ends_at,
      'endsAt.after': a.endsAt,
      scope: a.scope,
      sessions: all.length
    }
  };
}

export async function cancelSession(
  ctx: MutationContext,
  a: CancelSessionArgs
): Promise<EditRecord | void> {
  const { all } = await targets(ctx, a.sessionId, a.scope);
  let sessions = 0;
  let tickets = 0;
  for (const s of all) {
    const done = await cancelOne(ctx, s.id, a.reason);
    if (done.alreadyCancelled) continue;
    sessions++;
    tickets += done.tickets;
  }
  // Sent again (a retry after a lost answer, a second desk): nothing new to record.
  if (sessions === 0) return;
  return {
    kind: 'session_cancelled',
    subject: a.sessionId,
    detail: { scope: a.scope, sessions, tickets, reasonLength: a.reason.length }
  };
}

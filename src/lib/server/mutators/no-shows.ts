/**
 * Releasing the seats of people who have not arrived (domain/no-shows.ts): at the desk,
 * offline too, from the policy's minutes after the start. Their tickets become cancelled
 * with `no_show_released`, and the seats go to the waitlist in order or stay free for
 * walk-ins; the seat invariant holds (seats_taken falls by exactly the tickets released).
 * It happens once per session.
 */
import { sql } from 'kysely';
import { decodeHlc } from '../../domain/hlc';
import {
  noShowPolicyFrom,
  RELEASE_REJECTIONS,
  releaseOpensAt,
  type ReleaseNoShowsArgs
} from '../../domain/no-shows';
import { REJECTIONS } from '../../domain/rejections';
import { MutationRejected, type EditRecord, type MutationContext } from './context';
import { promoteWaitlist } from './registration';

export const NO_SHOW_RELEASED = 'no_show_released';

export async function releaseNoShows(
  ctx: MutationContext,
  a: ReleaseNoShowsArgs
): Promise<EditRecord | void> {
  const session = await ctx.trx
    .selectFrom('sessions')
    .select(['id', 'status', 'starts_at', 'released_at'])
    .where('id', '=', a.sessionId)
    .where('branch_id', '=', ctx.branchId)
    .executeTakeFirst();
  if (!session) throw new MutationRejected(REJECTIONS.sessionUnknown);
  if (session.status === 'cancelled') throw new MutationRejected(REJECTIONS.sessionCancelled);
  // When the librarian tapped (a desk offline sends it later): the stamp, clamped by the push.
  const tapped = decodeHlc(ctx.stamp).wall;
  if (tapped < releaseOpensAt({ startsAt: session.starts_at }, noShowPolicyFrom(process.env))) {
    throw new MutationRejected(RELEASE_REJECTIONS.tooEarly);
  }
  // Once per session: a second tap (or a second desk) must not release the people the
  // first one confirmed from the waitlist, who are at the door.
  if (session.released_at) return;
  await ctx.trx
    .updateTable('sessions')
    .set({ released_at: new Date(tapped).toISOString(), version: ctx.version })
    .where('id', '=', a.sessionId)
    .execute();
  const released = await ctx.trx
    .updateTable('registrations')
    .set({ status: 'cancelled', reason: NO_SHOW_RELEASED, position: null, version: ctx.version })
    .where('session_id', '=', a.sessionId)
    .where('status', '=', 'confirmed')
    .where('checked_in_stamp', 'is', null)
    .executeTakeFirst();
  const n = Number(released.numUpdatedRows);
  if (n === 0) return; // nobody left to release (or sent again): nothing to record
  await ctx.trx
    .updateTable('sessions')
    .set({ seats_taken: sql`seats_taken - ${n}`, version: ctx.version })
    .where('id', '=', a.sessionId)
    .execute();
  const before = await waiting(ctx, a.sessionId);
  if (a.to === 'waitlist') await promoteWaitlist(ctx, a.sessionId, true);
  const promoted = before - (await waiting(ctx, a.sessionId));
  return {
    kind: 'no_shows_released',
    subject: a.sessionId,
    detail: { released: n, to: a.to, promoted }
  };
}

async function waiting(ctx: MutationContext, sessionId: string): Promise<number> {
  const row = await ctx.trx
    .selectFrom('registrations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId)
    .where('status', '=', 'waitlisted')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

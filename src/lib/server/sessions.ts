/**
 * Librarians' edits of a session's seats and time (issue 11 2h, for the console of issue 9),
 * decided on the server inside the caller's write transaction, keeping DESIGN §5's
 * invariant `seats_taken + leased + pool = capacity` (pool ≥ 0) through every edit:
 *
 * - raising capacity gives the new seats to the waitlist first, in stamp order;
 * - lowering it never goes below the confirmed seats (refused), takes the seats from the
 *   pool first and only then from kiosks' unused leased seats, largest holding first;
 * - moving a session keeps its registrants (their tickets read the session's new time)
 *   and moves its leases' expiry with the start;
 * - cancelling it needs a reason and frees every seat (cancelSession).
 */
import { REJECTIONS } from '../domain/rejections';
import { changeLeased, expireStartedLeases } from './leases';
import type { Tx } from './db/index';
import { MutationRejected } from './mutators/context';
import { promoteWaitlist } from './mutators/registration';

export interface EditContext {
  trx: Tx;
  version: number;
  now: Date;
}

/** Why an edit was refused, as stable codes (shown to the librarian with a message). */
export const EDIT_REJECTIONS = {
  belowConfirmed: 'below_confirmed',
  badCapacity: 'bad_capacity',
  badTimes: 'bad_times'
} as const;

/** Capacity is a whole number of seats; a room with more than 10,000 is a typo. */
const MAX_CAPACITY = 10_000;

export async function changeCapacity(
  ctx: EditContext,
  sessionId: string,
  capacity: number
): Promise<{ trimmedFromLeases: number }> {
  if (!Number.isInteger(capacity) || capacity < 0 || capacity > MAX_CAPACITY) {
    throw new MutationRejected(EDIT_REJECTIONS.badCapacity);
  }
  const session = await ctx.trx
    .selectFrom('sessions')
    .select(['id', 'capacity', 'seats_taken', 'leased'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) throw new MutationRejected(REJECTIONS.sessionUnknown);
  // Nobody who holds a confirmed seat loses it to a capacity cut.
  if (capacity < session.seats_taken) throw new MutationRejected(EDIT_REJECTIONS.belowConfirmed);

  let trimmed = 0;
  let deficit = session.seats_taken + session.leased - capacity; // seats the pool lacks
  if (deficit > 0) {
    const leases = await ctx.trx
      .selectFrom('leases')
      .select(['id', 'seats', 'used'])
      .where('session_id', '=', sessionId)
      .where('status', '=', 'active')
      .execute();
    leases.sort((a, b) => b.seats - b.used - (a.seats - a.used) || (a.id < b.id ? -1 : 1));
    for (const lease of leases) {
      if (deficit <= 0) break;
      const cut = Math.min(lease.seats - lease.used, deficit);
      if (cut <= 0) continue;
      // The kiosk learns its smaller lease with its next pull (a new version).
      await ctx.trx
        .updateTable('leases')
        .set({ seats: lease.seats - cut, version: ctx.version })
        .where('id', '=', lease.id)
        .execute();
      await changeLeased(ctx.trx, ctx.version, sessionId, -cut);
      deficit -= cut;
      trimmed += cut;
    }
  }
  await ctx.trx
    .updateTable('sessions')
    .set({ capacity, version: ctx.version })
    .where('id', '=', sessionId)
    .execute();
  // New seats (or seats no longer leased) go to the people waiting, in order.
  await promoteWaitlist(ctx, sessionId);
  return { trimmedFromLeases: trimmed };
}

export async function moveSession(
  ctx: EditContext,
  sessionId: string,
  startsAt: string,
  endsAt: string
): Promise<void> {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new MutationRejected(EDIT_REJECTIONS.badTimes);
  }
  const session = await ctx.trx
    .selectFrom('sessions')
    .select('id')
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) throw new MutationRejected(REJECTIONS.sessionUnknown);
  const startIso = new Date(start).toISOString();
  await ctx.trx
    .updateTable('sessions')
    .set({ starts_at: startIso, ends_at: new Date(end).toISOString(), version: ctx.version })
    .where('id', '=', sessionId)
    .execute();
  // Leases end when the session starts, wherever it went (a kiosk learns it by its pull).
  await ctx.trx
    .updateTable('leases')
    .set({ expires_at: startIso, version: ctx.version })
    .where('session_id', '=', sessionId)
    .where('status', '=', 'active')
    .execute();
  // Moved into the past (a correction): its leases end now, like any started session's.
  await expireStartedLeases(ctx.trx, ctx.version, ctx.now, sessionId);
  // Moved later, a session that had started may promote again (promote checks the start).
  await promoteWaitlist(ctx, sessionId);
}

/**
 * Cancelling a session (the library's decision, with a reason every ticket shows): its
 * confirmed and waitlisted tickets become cancelled with `session_cancelled`, its seats and
 * its kiosks' leases go back (nothing is left to promote), and the session keeps its
 * registrants' rows so the console can tell them. Cancelling again changes nothing.
 */
export async function cancelSession(
  ctx: EditContext,
  sessionId: string,
  reason: string
): Promise<{ tickets: number; alreadyCancelled: boolean }> {
  const session = await ctx.trx
    .selectFrom('sessions')
    .select(['id', 'status'])
    .where('id', '=', sessionId)
    .executeTakeFirst();
  if (!session) throw new MutationRejected(REJECTIONS.sessionUnknown);
  if (session.status === 'cancelled') return { tickets: 0, alreadyCancelled: true };
  const tickets = await ctx.trx
    .updateTable('registrations')
    .set({
      status: 'cancelled',
      position: null,
      reason: REJECTIONS.sessionCancelled,
      version: ctx.version
    })
    .where('session_id', '=', sessionId)
    .where('status', 'in', ['confirmed', 'waitlisted'])
    .executeTakeFirst();
  await ctx.trx
    .updateTable('leases')
    .set({ status: 'returned', version: ctx.version })
    .where('session_id', '=', sessionId)
    .where('status', '=', 'active')
    .execute();
  await ctx.trx
    .updateTable('sessions')
    .set({
      status: 'cancelled',
      cancel_reason: reason,
      cancelled_at: ctx.now.toISOString(),
      seats_taken: 0,
      leased: 0,
      version: ctx.version
    })
    .where('id', '=', sessionId)
    .execute();
  return { tickets: Number(tickets.numUpdatedRows), alreadyCancelled: false };
}

/**
 * The authoritative registration mutators: the server decides confirmed or waitlisted
 * from the session's seats, keeps the waitlist in stamp order and promotes on cancel.
 */
import { sql } from 'kysely';
import {
  decideSeat,
  personKey,
  REJECTIONS,
  mergeCheckIn,
  waitlistOrder,
  type CancelArgs,
  type CancelByCodeArgs,
  type CheckInArgs,
  type RegisterArgs
} from '../../domain/registration';
import { decodeHlc } from '../../domain/hlc';
import { changeLeased, expireSilentLeasesIn, expireStartedLeases } from '../leases';
import { noticeHashes } from '../consent';
import type { MutationContext } from './context';
import { MutationRejected } from './context';

export async function registerAttendee(ctx: MutationContext, a: RegisterArgs): Promise<void> {
  const { trx, version } = ctx;
  const existing = await trx
    .selectFrom('registrations')
    .select('id')
    .where('id', '=', a.registrationId)
    .executeTakeFirst();
  if (existing) throw new MutationRejected(REJECTIONS.idReused);
  const noticeHash = a.consent.noticeHash ?? null;
  if (noticeHash !== null && !noticeHashes().has(noticeHash)) {
    throw new MutationRejected(REJECTIONS.unknownNotice);
  }
  if (
    !(await trx
      .selectFrom('sessions')
      .select('id')
      .where('id', '=', a.sessionId)
      .executeTakeFirst())
  ) {
    throw new MutationRejected(REJECTIONS.sessionUnknown);
  }
  await expireStartedLeases(trx, version, ctx.now, a.sessionId);
  // A silent kiosk's seats go back before this one is decided; the pushing kiosk's own are
  // spared: it pushes its offline spends before it pulls and renews (leases.ts).
  await expireSilentLeasesIn(trx, version, ctx.now, {
    sessionId: a.sessionId,
    exceptClientId: ctx.clientId
  });
  const session = await trx
    .selectFrom('sessions')
    .selectAll()
    .where('id', '=', a.sessionId)
    .executeTakeFirstOrThrow();

  // Codes come from the device; two tickets of one session never share one, so a code names
  // one ticket at the door (and in the kiosk's roster, keyed by session and code).
  if (
    await trx
      .selectFrom('registrations')
      .select('id')
      .where('session_id', '=', a.sessionId)
      .where('code', '=', a.code)
      .executeTakeFirst()
  ) {
    throw new MutationRejected(REJECTIONS.codeInUse);
  }
  const key = personKey(a.name, a.contact);
  const active = await trx
    .selectFrom('registrations')
    .select(['person_key', 'status'])
    .where('session_id', '=', a.sessionId)
    .where('status', 'in', ['confirmed', 'waitlisted'])
    .execute();
  const waitlisted = active.filter((r) => r.status === 'waitlisted').length;

  let status: string;
  let reason: string | null = null;
  let spentLease: { id: string; used: number; status: string } | undefined;
  if (active.some((r) => r.person_key === key)) {
    // Kept as a rejected ticket, so the device shows why instead of a silent loss.
    status = 'rejected';
    reason = REJECTIONS.duplicate;
  } else if (a.leaseId && session.status !== 'cancelled') {
    // The kiosk confirmed offline with a leased seat: that promise is kept (DESIGN §5).
    spentLease = await spendableLease(ctx, a.leaseId, session);
    status = spentLease ? 'confirmed' : 'pending';
  } else {
    status = 'pending';
  }
  if (status === 'pending') {
    const decision = decideSeat(
      {
        capacity: session.capacity,
        seatsTaken: session.seats_taken,
        leased: session.leased,
        status: session.status === 'cancelled' ? 'cancelled' : 'scheduled',
        startsAt: session.starts_at
      },
      waitlisted,
      ctx.now
    );
    status = decision.status;
    if (decision.status === 'rejected') reason = decision.reason;
  }

  await trx
    .insertInto('registrations')
    .values({
      id: a.registrationId,
      session_id: session.id,
      workshop_id: session.workshop_id,
      branch_id: session.branch_id,
      client_id: ctx.clientId,
      code: a.code,
      name: a.name,
      person_key: key,
      contact: a.contact ?? null,
      age_band: a.ageBand ?? null,
      comuna: a.comuna ?? null,
      consent_version: a.consent.noticeVersion,
      // The server's own time, not the device's claim (issue 8, honest data).
      consent_at: ctx.now.toISOString(),
      consent_hash: noticeHash,
      received_at: ctx.now.toISOString(),
      status,
      position: null,
      reason,
      stamp: ctx.stamp,
      created_at: ctx.now.toISOString(),
      version
    })
    .execute();
  if (spentLease) {
    await trx
      .updateTable('leases')
      .set({ used: spentLease.used + 1, version })
      .where('id', '=', spentLease.id)
      .execute();
    // An active lease held the seat; an expired one gave it back to the pool it now leaves.
    if (spentLease.status === 'active') await changeLeased(ctx.trx, ctx.version, session.id, -1);
  }
  if (status === 'confirmed') await changeSeatsTaken(ctx, session.id, +1);
  if (status === 'waitlisted') await reorderWaitlist(ctx, session.id);
  if (a.leaseId && !spentLease) {
    // The device counted this spend when the push was acknowledged; the seat was not taken
    // (a duplicate, or the lease could no longer be spent), so the lease row goes out again
    // with the next pull and the device's count comes back to the server's (issue 11, 2f).
    await trx
      .updateTable('leases')
      .set({ version })
      .where('id', '=', a.leaseId)
      .where('client_id', '=', ctx.clientId)
      .execute();
  }
}

export async function cancelRegistration(ctx: MutationContext, a: CancelArgs): Promise<void> {
  const reg = await ctx.trx
    .selectFrom('registrations')
    .select(['id', 'code', 'status', 'session_id'])
    .where('id', '=', a.registrationId)
    .executeTakeFirst();
  // A wrong code gets the answer of an unknown ticket: the refusal says nothing of which
  // registrations exist (issue 8 §4).
  if (!reg || reg.code !== a.code) throw new MutationRejected(REJECTIONS.notFound);
  if (reg.status === 'cancelled' || reg.status === 'rejected') return; // already done: idempotent
  await cancel(ctx, reg);
}

/**
 * Cancelling with the ticket's code alone, at an enrolled kiosk or desk (policy.ts): the
 * server finds the ticket at the device's own park. An unknown code, another park's
 * ticket and a ticket already cancelled are all `not_found`, so a device cannot tell them
 * apart by trying codes.
 */
export async function cancelByCode(ctx: MutationContext, a: CancelByCodeArgs): Promise<void> {
  let q = ctx.trx
    .selectFrom('registrations')
    .select(['id', 'status', 'session_id'])
    .where('code', '=', a.code)
    .where('branch_id', '=', ctx.branchId)
    .where('status', 'in', ['confirmed', 'waitlisted']);
  if (a.sessionId) q = q.where('session_id', '=', a.sessionId);
  const rows = await q.execute();
  if (rows.length === 0) throw new MutationRejected(REJECTIONS.notFound);
  for (const reg of rows) await cancel(ctx, reg);
}

async function cancel(
  ctx: MutationContext,
  reg: { id: string; status: string; session_id: string }
): Promise<void> {
  await ctx.trx
    .updateTable('registrations')
    .set({ status: 'cancelled', position: null, version: ctx.version })
    .where('id', '=', reg.id)
    .execute();
  if (reg.status === 'confirmed') {
    await changeSeatsTaken(ctx, reg.session_id, -1);
    await promote(ctx, reg.session_id);
  }
  await reorderWaitlist(ctx, reg.session_id);
}

/**
 * The lease a registration may spend: this device's, for this session, with a seat left,
 * asked for before the session started (by the request's stamp: it may arrive later).
 */
async function spendableLease(
  ctx: MutationContext,
  leaseId: string,
  session: { id: string; starts_at: string; capacity: number; seats_taken: number; leased: number }
): Promise<{ id: string; used: number; status: string } | undefined> {
  const lease = await ctx.trx
    .selectFrom('leases')
    .select(['id', 'seats', 'used', 'status'])
    .where('id', '=', leaseId)
    .where('client_id', '=', ctx.clientId)
    .where('session_id', '=', session.id)
    .executeTakeFirst();
  if (!lease || lease.used >= lease.seats) return undefined;
  if (decodeHlc(ctx.stamp).wall >= Date.parse(session.starts_at)) return undefined;
  if (lease.status !== 'active' && session.capacity - session.seats_taken - session.leased < 1) {
    return undefined;
  }
  return lease;
}

/**
 * Marks a ticket as attended. Idempotent and mergeable: two kiosks that checked in the same
 * ticket offline make one check-in, the earliest stamp (DESIGN §5).
 */
export async function checkIn(ctx: MutationContext, a: CheckInArgs): Promise<void> {
  let q = ctx.trx
    .selectFrom('registrations')
    .select(['id', 'status', 'checked_in_stamp'])
    .where('code', '=', a.code)
    .where('branch_id', '=', ctx.branchId);
  if (a.sessionId) q = q.where('session_id', '=', a.sessionId);
  const rows = await q.execute();
  const reg = rows.find((r) => r.status === 'confirmed') ?? rows[0];
  // A ticket that is not confirmed gets the answer of an unknown one (issue 8 §4); the
  // kiosk tells the visitor why from its own roster.
  if (!reg || reg.status !== 'confirmed') throw new MutationRejected(REJECTIONS.notFound);
  const merged = mergeCheckIn(reg.checked_in_stamp, ctx.stamp);
  if (merged === reg.checked_in_stamp) return;
  await ctx.trx
    .updateTable('registrations')
    .set({ checked_in_stamp: merged, version: ctx.version })
    .where('id', '=', reg.id)
    .execute();
}

/** What the seat helpers need of a mutation: the transaction, its version and the time. */
type SeatContext = Pick<MutationContext, 'trx' | 'version' | 'now'>;

/**
 * Every path that frees seats (a cancellation, a lease returned or revoked) ends here:
 * the waitlist gets the free seats first, then is renumbered.
 */
export async function promoteWaitlist(
  ctx: SeatContext,
  sessionId: string,
  /** At the door (seats released to the people waiting there), the start is no bar. */
  afterStart = false
): Promise<void> {
  await promote(ctx, sessionId, afterStart);
  await reorderWaitlist(ctx, sessionId);
}

async function changeSeatsTaken(ctx: SeatContext, sessionId: string, delta: number) {
  await ctx.trx
    .updateTable('sessions')
    .set({ seats_taken: sql`seats_taken + ${delta}`, version: ctx.version })
    .where('id', '=', sessionId)
    .execute();
}

/** Gives free seats to the waitlist, first stamp first (DESIGN §5.6). */
async function promote(ctx: SeatContext, sessionId: string, afterStart = false): Promise<void> {
  const session = await ctx.trx
    .selectFrom('sessions')
    .select(['capacity', 'seats_taken', 'leased', 'starts_at', 'status'])
    .where('id', '=', sessionId)
    .executeTakeFirstOrThrow();
  let free = session.capacity - session.seats_taken - session.leased;
  // After the start nobody is promoted: the free seats wait for late offline confirmations.
  if (free <= 0 || session.status === 'cancelled') return;
  if (!afterStart && session.starts_at <= ctx.now.toISOString()) return;
  const waiting = waitlistOrder(
    await ctx.trx
      .selectFrom('registrations')
      .select(['id', 'stamp'])
      .where('session_id', '=', sessionId)
      .where('status', '=', 'waitlisted')
      .execute()
  );
  for (const w of waiting) {
    if (free <= 0) break;
    await ctx.trx
      .updateTable('registrations')
      .set({ status: 'confirmed', position: null, version: ctx.version })
      .where('id', '=', w.id)
      .execute();
    await changeSeatsTaken(ctx, sessionId, +1);
    free--;
  }
}

/** Renumbers the waitlist by stamp; only rows whose place changed get the new version. */
async function reorderWaitlist(ctx: SeatContext, sessionId: string): Promise<void> {
  const waiting = waitlistOrder(
    await ctx.trx
      .selectFrom('registrations')
      .select(['id', 'stamp', 'position'])
      .where('session_id', '=', sessionId)
      .where('status', '=', 'waitlisted')
      .execute()
  );
  for (const [i, w] of waiting.entries()) {
    if (w.position === i + 1) continue;
    await ctx.trx
      .updateTable('registrations')
      .set({ position: i + 1, version: ctx.version })
      .where('id', '=', w.id)
      .execute();
  }
}

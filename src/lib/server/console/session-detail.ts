/**
 * One session as the console shows it (issue 9 §3): its workshop and park, seat counts,
 * how many later sessions its series has, and whether any ticket left a contact (for the
 * ready-to-send message). Counts only: no names leave here.
 */
import { isNoShow, noShowPolicyFrom, releaseOpensAt } from '../../domain/no-shows';
import { staffInPark, type StaffIdentity } from '../auth/types';
import type { Db } from '../db/index';

export interface SessionDetail {
  id: string;
  workshopId: string;
  workshopTitle: string;
  branchId: string;
  parkName: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  room: string;
  capacity: number;
  seatsTaken: number;
  leased: number;
  status: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  seriesId: string | null;
  /** Later sessions of the same series that are not cancelled. */
  following: number;
  counts: {
    confirmed: number;
    waitlisted: number;
    checkedIn: number;
    cancelled: number;
    /** Confirmed, not checked in, and the grace after the end is over (domain/no-shows). */
    noShows: number;
    walkIns: number;
  };
  /** The desk may release the seats of people not arrived now (and has not yet). */
  releasable: boolean;
  releasedAt: string | null;
  /** Tickets (now or before the library cancelled) whose holder left a phone or e-mail. */
  contacts: number;
}

/** The session, if it is in one of the staff member's parks; otherwise null, like no session. */
export async function sessionDetail(
  db: Db,
  staff: StaffIdentity,
  sessionId: string,
  now = new Date()
): Promise<SessionDetail | null> {
  const s = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .innerJoin('branches', 'branches.id', 'sessions.branch_id')
    .select([
      'sessions.id',
      'sessions.workshop_id',
      'workshops.title',
      'sessions.branch_id',
      'branches.name as park_name',
      'branches.time_zone',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.room',
      'sessions.capacity',
      'sessions.seats_taken',
      'sessions.leased',
      'sessions.status',
      'sessions.cancel_reason',
      'sessions.series_id',
      'sessions.walk_ins',
      'sessions.released_at'
    ])
    .where('sessions.id', '=', sessionId)
    .executeTakeFirst();
  if (!s || !staffInPark(staff, s.branch_id)) return null;
  const policy = noShowPolicyFrom(process.env);

  const regs = await db
    .selectFrom('registrations')
    .select(['status', 'reason', 'checked_in_stamp', 'contact'])
    .where('session_id', '=', sessionId)
    .execute();
  const following = s.series_id
    ? await db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('series_id', '=', s.series_id)
        .where('starts_at', '>', s.starts_at)
        .where('status', '!=', 'cancelled')
        .executeTakeFirstOrThrow()
    : { n: 0 };
  return {
    id: s.id,
    workshopId: s.workshop_id,
    workshopTitle: s.title,
    branchId: s.branch_id,
    parkName: s.park_name,
    timeZone: s.time_zone,
    startsAt: s.starts_at,
    endsAt: s.ends_at,
    room: s.room,
    capacity: Number(s.capacity),
    seatsTaken: Number(s.seats_taken),
    leased: Number(s.leased),
    status: s.status === 'cancelled' ? 'cancelled' : 'scheduled',
    cancelReason: s.cancel_reason,
    seriesId: s.series_id,
    following: Number(following.n),
    counts: {
      confirmed: regs.filter((r) => r.status === 'confirmed').length,
      waitlisted: regs.filter((r) => r.status === 'waitlisted').length,
      checkedIn: regs.filter((r) => r.checked_in_stamp !== null).length,
      cancelled: regs.filter((r) => r.status === 'cancelled').length,
      noShows: regs.filter((r) =>
        isNoShow(
          { status: r.status, checkedIn: r.checked_in_stamp },
          { endsAt: s.ends_at },
          now,
          policy
        )
      ).length,
      walkIns: Number(s.walk_ins ?? 0)
    },
    releasable:
      s.status !== 'cancelled' &&
      !s.released_at &&
      now.getTime() >= releaseOpensAt({ startsAt: s.starts_at }, policy) &&
      regs.some((r) => r.status === 'confirmed' && r.checked_in_stamp === null),
    releasedAt: s.released_at,
    contacts: regs.filter((r) => r.contact && reachable(r)).length
  };
}

/** Whom a change of the session concerns: holders of a live ticket, or of one it cancelled. */
export function reachable(r: { status: string; reason: string | null }): boolean {
  return (
    r.status === 'confirmed' ||
    r.status === 'waitlisted' ||
    (r.status === 'cancelled' && r.reason === 'session_cancelled')
  );
}

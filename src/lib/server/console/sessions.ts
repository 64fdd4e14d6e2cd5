/**
 * The console's list of a park's sessions (issue 9: the seed of the "Today" page): today's
 * first, then the next days, with seats taken, capacity and the waitlist's length. Counts
 * only: no names leave here.
 */
import { addDays, localDateKey, startOfLocalDay } from '../../domain/schedule';
import type { Db } from '../db/index';

/** Today and the next six days: a week of a park's programme (about 60 sessions). */
export const CONSOLE_DAYS = 7;

export interface ConsoleSession {
  id: string;
  workshopTitle: string;
  startsAt: string;
  endsAt: string;
  room: string;
  capacity: number;
  seatsTaken: number;
  waitlisted: number;
  /** Tickets checked in so far. */
  checkedIn: number;
  /** Tickets cancelled (by their holders, or all of them when the library cancelled). */
  cancelled: number;
  status: 'scheduled' | 'cancelled';
  /** The park-local date, "YYYY-MM-DD", to group by day. */
  day: string;
}

export async function consoleSessions(
  db: Db,
  branchId: string,
  timeZone: string,
  now = new Date(),
  days = CONSOLE_DAYS
): Promise<ConsoleSession[]> {
  const today = localDateKey(now, timeZone);
  const from = startOfLocalDay(today, timeZone);
  const to = startOfLocalDay(addDays(today, days), timeZone);
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('workshops', 'workshops.id', 'sessions.workshop_id')
    .select((eb) => [
      'sessions.id',
      'workshops.title',
      'sessions.starts_at',
      'sessions.ends_at',
      'sessions.room',
      'sessions.capacity',
      'sessions.seats_taken',
      'sessions.status',
      eb
        .selectFrom('registrations')
        .select((r) => r.fn.countAll<number>().as('n'))
        .whereRef('registrations.session_id', '=', 'sessions.id')
        .where('registrations.status', '=', 'waitlisted')
        .as('waitlisted'),
      eb
        .selectFrom('registrations')
        .select((r) => r.fn.countAll<number>().as('n'))
        .whereRef('registrations.session_id', '=', 'sessions.id')
        .where('registrations.checked_in_stamp', 'is not', null)
        .as('checked_in'),
      eb
        .selectFrom('registrations')
        .select((r) => r.fn.countAll<number>().as('n'))
        .whereRef('registrations.session_id', '=', 'sessions.id')
        .where('registrations.status', '=', 'cancelled')
        .as('cancelled')
    ])
    .where('sessions.branch_id', '=', branchId)
    .where('sessions.starts_at', '>=', from)
    .where('sessions.starts_at', '<', to)
    .orderBy('sessions.starts_at')
    .orderBy('workshops.title')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    workshopTitle: r.title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    room: r.room,
    capacity: Number(r.capacity),
    seatsTaken: Number(r.seats_taken),
    waitlisted: Number(r.waitlisted ?? 0),
    checkedIn: Number(r.checked_in ?? 0),
    cancelled: Number(r.cancelled ?? 0),
    status: r.status === 'cancelled' ? 'cancelled' : 'scheduled',
    day: localDateKey(r.starts_at, timeZone)
  }));
}

/**
 * The roster an enrolled kiosk or desk holds (DESIGN §9: minimal, today and tomorrow):
 * enough to check people in and to cancel by code while the network is down, and no more.
 *
 * It is not walked by the pull's cursor like the other tables, because what belongs in it
 * changes with the clock and not only with writes: at midnight yesterday's tickets must
 * leave the device and the day after's must arrive, although no row changed. So the server
 * sends the whole roster as one snapshot with a digest, and only when the digest differs
 * from the one the device holds (a few hundred rows for a park's two days).
 */
import { addDays, localDateKey, startOfLocalDay } from './schedule';
import type { RegistrationStatus } from './registration';

/** Tomorrow is in it so that a kiosk offline overnight still knows the morning's tickets. */
export const ROSTER_DAYS = 2;

/** The instants [from, to) whose sessions are in the roster at `now`, in the park's zone. */
export function rosterWindow(now: Date, timeZone: string): { from: string; to: string } {
  const today = localDateKey(now, timeZone);
  return {
    from: startOfLocalDay(today, timeZone),
    to: startOfLocalDay(addDays(today, ROSTER_DAYS), timeZone)
  };
}

/**
 * States a roster shows: confirmed tickets to check in, and waitlisted or cancelled ones so
 * the door can say why someone cannot come in. Refused requests were never tickets.
 */
export const ROSTER_STATUSES = [
  'confirmed',
  'waitlisted',
  'cancelled'
] as const satisfies readonly RegistrationStatus[];

/** A roster entry's key: one per ticket, without the registration's id. */
export const rosterEntryId = (sessionId: string, code: string): string => `${sessionId}.${code}`;

/** Enough to greet someone at the door; the rest of the name stays on the server. */
export const firstNameOf = (name: string): string => name.trim().split(/\s+/)[0] ?? '';

/** A digest of the roster's content as the server sends it (hex SHA-256, cut short). */
export const ROSTER_DIGEST = /^[0-9a-f]{32}$/;

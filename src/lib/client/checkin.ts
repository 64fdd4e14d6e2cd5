/**
 * Self check-in at the kiosk: finds the ticket by its code in the kiosk's roster (or the
 * device's own tickets), decides what to tell the visitor, and queues a checkIn mutation.
 * Works offline; two kiosks checking in one ticket merge into one check-in on the server.
 */
import { localDateKey } from '../domain/schedule';
import { normaliseTicketCode, type RegistrationStatus } from '../domain/registration';
import type { ParqueDb } from './db';
import { mutate } from './mutate';

export type CheckInResult =
  | { kind: 'ok' | 'already'; name: string; workshop: string; startsAt: string }
  | { kind: 'invalid' | 'not_found' }
  | { kind: 'not_today'; startsAt: string }
  | { kind: 'not_confirmed'; status: RegistrationStatus };

interface Candidate {
  sessionId: string;
  workshopId: string;
  name: string;
  status: RegistrationStatus;
  checkedIn: string | null;
}

export async function checkInByCode(
  db: ParqueDb,
  input: string,
  timeZone: string,
  now: Date = new Date()
): Promise<CheckInResult> {
  const code = normaliseTicketCode(input);
  if (!code) return { kind: 'invalid' };
  const roster = await db.roster.where('code').equals(code).toArray();
  const own = await db.registrations.where('code').equals(code).toArray();
  const candidates: Candidate[] = [
    ...roster.map((r) => ({ ...r, name: r.firstName })),
    ...own.map((r) => ({ ...r, name: r.name.split(/\s+/)[0] ?? r.name }))
  ];
  if (candidates.length === 0) return { kind: 'not_found' };

  const today = localDateKey(now, timeZone);
  const withSessions = await Promise.all(
    candidates.map(async (c) => ({ c, session: await db.sessions.get(c.sessionId) }))
  );
  const todays = withSessions.filter(
    (x) => x.session && localDateKey(x.session.startsAt, timeZone) === today
  );
  if (todays.length === 0) {
    const first = withSessions.find((x) => x.session)?.session;
    return first ? { kind: 'not_today', startsAt: first.startsAt } : { kind: 'not_found' };
  }
  const pick = todays.find((x) => x.c.status === 'confirmed') ?? todays[0]!;
  if (pick.c.status !== 'confirmed') return { kind: 'not_confirmed', status: pick.c.status };
  const workshop = (await db.workshops.get(pick.c.workshopId))?.title ?? '';
  const details = { name: pick.c.name, workshop, startsAt: pick.session!.startsAt };
  if (pick.c.checkedIn) return { kind: 'already', ...details };
  await mutate(db, 'checkIn', { code, sessionId: pick.c.sessionId });
  return { kind: 'ok', ...details };
}

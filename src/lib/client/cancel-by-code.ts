/**
 * Cancelling at the kiosk with a ticket code, for tickets made on any device: the kiosk's
 * roster (or the device's own tickets) knows the registration behind the code.
 */
import { normaliseTicketCode, type RegistrationStatus } from '../domain/registration';
import type { ParqueDb } from './db';
import { mutate } from './mutate';

export interface FoundTicket {
  registrationId: string;
  code: string;
  name: string;
  workshop: string;
  startsAt: string | undefined;
  status: RegistrationStatus;
}

export async function findTicket(db: ParqueDb, input: string): Promise<FoundTicket | null> {
  const code = normaliseTicketCode(input);
  if (!code) return null;
  const own = await db.registrations.where('code').equals(code).first();
  const roster = own ? undefined : await db.roster.where('code').equals(code).first();
  const hit = own
    ? {
        id: own.id,
        sessionId: own.sessionId,
        workshopId: own.workshopId,
        name: own.name,
        status: own.status
      }
    : roster
      ? {
          id: roster.id,
          sessionId: roster.sessionId,
          workshopId: roster.workshopId,
          name: roster.firstName,
          status: roster.status
        }
      : undefined;
  if (!hit) return null;
  const [session, workshop] = await Promise.all([
    db.sessions.get(hit.sessionId),
    db.workshops.get(hit.workshopId)
  ]);
  return {
    registrationId: hit.id,
    code,
    name: hit.name.split(/\s+/)[0] ?? hit.name,
    workshop: workshop?.title ?? '',
    startsAt: session?.startsAt,
    status: hit.status
  };
}

export async function cancelTicket(db: ParqueDb, t: FoundTicket): Promise<void> {
  await mutate(db, 'cancelRegistration', { registrationId: t.registrationId, code: t.code });
  // The roster copy shows the cancellation at once; the server's answer replaces it.
  const entry = await db.roster.get(t.registrationId);
  if (entry) await db.roster.put({ ...entry, status: 'cancelled' });
}

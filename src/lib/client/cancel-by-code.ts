/**
 * Cancelling at the kiosk with a ticket code, for tickets made on any device. The device's
 * own tickets are cancelled by their id; a ticket the kiosk knows only from its roster
 * (which holds no registration ids) is cancelled by its code, and the server finds it.
 */
import { normaliseTicketCode, type RegistrationStatus } from '../domain/registration';
import type { ParqueDb } from './db';
import { mutate } from './mutate';

export interface FoundTicket {
  /** Only for this device's own tickets; roster entries carry no registration id. */
  registrationId: string | undefined;
  sessionId: string;
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
        registrationId: own.id as string | undefined,
        sessionId: own.sessionId,
        workshopId: own.workshopId,
        name: own.name,
        status: own.status
      }
    : roster
      ? {
          registrationId: undefined,
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
    registrationId: hit.registrationId,
    sessionId: hit.sessionId,
    code,
    name: hit.name.split(/\s+/)[0] ?? hit.name,
    workshop: workshop?.title ?? '',
    startsAt: session?.startsAt,
    status: hit.status
  };
}

export async function cancelTicket(db: ParqueDb, t: FoundTicket): Promise<void> {
  // Either way the change and its outbox entry are one transaction (mutate), and the roster
  // copy shows it at once: the client half of each mutator updates both (mutators.ts).
  if (t.registrationId) {
    await mutate(db, 'cancelRegistration', { registrationId: t.registrationId, code: t.code });
  } else {
    await mutate(db, 'cancelByCode', { code: t.code, sessionId: t.sessionId });
  }
}

/**
 * A code this kiosk does not hold (its roster has only today's and tomorrow's tickets):
 * the server looks for it at the kiosk's park. The visitor is told only that it was asked;
 * the server's answer is the same for every code it does not cancel.
 */
export async function requestCancelByCode(db: ParqueDb, input: string): Promise<string | null> {
  const code = normaliseTicketCode(input);
  if (!code) return null;
  await mutate(db, 'cancelByCode', { code });
  return code;
}

/**
 * Turns the registration form into a registerAttendee mutation: validates with the same
 * schema the server uses, catches a second registration of the same person on this
 * device, makes the ticket code, and queues it (DESIGN §4, §8).
 */
import * as v from 'valibot';
import type { Session } from '../domain/catalogue';
import {
  newTicketCode,
  personKey,
  PRIVACY_NOTICE_VERSION,
  RegisterArgsSchema,
  type RegisterArgs
} from '../domain/registration';
import { m } from '../paraglide/messages';
import type { ParqueDb } from './db';
import { sha256Hex } from './sha256';
import { mutate } from './mutate';

export interface RegistrationForm {
  name: string;
  contact: string;
  ageBand: string;
  comuna: string;
  consent: boolean;
}

export type FormField = 'name' | 'contact' | 'consent' | 'form';
export type FormProblem = 'name' | 'contact' | 'consent' | 'duplicate' | 'unavailable';
export type RegisterResult =
  | { ok: true; registrationId: string }
  | { ok: false; problems: Partial<Record<FormField, FormProblem>> };

export async function registerFromForm(
  db: ParqueDb,
  session: Session,
  form: RegistrationForm,
  now: Date = new Date()
): Promise<RegisterResult> {
  const problems: Partial<Record<FormField, FormProblem>> = {};
  if (session.status !== 'scheduled' || session.startsAt <= now.toISOString()) {
    return { ok: false, problems: { form: 'unavailable' } };
  }
  if (!form.consent) problems.consent = 'consent';
  const args = {
    registrationId: crypto.randomUUID(),
    sessionId: session.id,
    code: newTicketCode((n) => crypto.getRandomValues(new Uint8Array(n))),
    name: form.name,
    contact: form.contact.trim() === '' ? undefined : form.contact,
    ageBand: form.ageBand === '' ? undefined : form.ageBand,
    comuna: form.comuna === '' ? undefined : form.comuna,
    consent: {
      noticeVersion: PRIVACY_NOTICE_VERSION,
      acceptedAt: now.toISOString(),
      // The text this visitor was shown, in their language: the server keeps its hash.
      noticeHash: await sha256Hex(new TextEncoder().encode(m.privacy_text()))
    }
  };
  const parsed = v.safeParse(RegisterArgsSchema, args);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const field = issue.path?.[0]?.key;
      if (field === 'name') problems.name = 'name';
      if (field === 'contact') problems.contact = 'contact';
    }
  }
  if (!parsed.success || Object.keys(problems).length > 0) return { ok: false, problems };

  const valid: RegisterArgs = parsed.output;
  const key = personKey(valid.name, valid.contact);
  const same = await db.registrations
    .where('sessionId')
    .equals(session.id)
    .filter((r) => r.status !== 'cancelled' && r.status !== 'rejected')
    .toArray();
  // Contact is not kept on the device, so the name alone decides here; the server, which
  // has the contact, decides for sure.
  if (same.some((r) => personKey(r.name, undefined).split('|')[0] === key.split('|')[0])) {
    return { ok: false, problems: { name: 'duplicate' } };
  }
  await mutate(db, 'registerAttendee', valid);
  return { ok: true, registrationId: valid.registrationId };
}

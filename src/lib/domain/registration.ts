/**
 * Registering for a workshop session: who may register, what is asked (the minimum, with
 * consent; DESIGN §8), when a seat is confirmed and how the waitlist is ordered.
 */
import * as v from 'valibot';
import { formatCode, normaliseCode, randomCode } from './codes';
import { isHlcStamp } from './hlc';
import { REJECTIONS, type Rejection } from './rejections';
import { foldText } from './search';

/** Bumped whenever the privacy notice text changes; stored with each registration. */
export const PRIVACY_NOTICE_VERSION = '2026-11-v1';

/** Age bands as Colombian programmes count them (Ley 1622 de 2013: youth is 14–28). */
export const AGE_BANDS = ['under-14', '14-28', '29-59', '60-plus'] as const;

/** Medellín's 16 comunas and 5 corregimientos, by their official numbers. */
export const COMUNAS = [
  ['01', 'Popular'],
  ['02', 'Santa Cruz'],
  ['03', 'Manrique'],
  ['04', 'Aranjuez'],
  ['05', 'Castilla'],
  ['06', 'Doce de Octubre'],
  ['07', 'Robledo'],
  ['08', 'Villa Hermosa'],
  ['09', 'Buenos Aires'],
  ['10', 'La Candelaria'],
  ['11', 'Laureles-Estadio'],
  ['12', 'La América'],
  ['13', 'San Javier'],
  ['14', 'El Poblado'],
  ['15', 'Guayabal'],
  ['16', 'Belén'],
  ['50', 'San Sebastián de Palmitas'],
  ['60', 'San Cristóbal'],
  ['70', 'Altavista'],
  ['80', 'San Antonio de Prado'],
  ['90', 'Santa Elena']
] as const;
const COMUNA_IDS = COMUNAS.map(([id]) => id);

/**
 * Ticket codes: 8 symbols of the code alphabet, shown as ABCD-EFGH. 25^8 ≈ 1.5·10^11
 * codes: among the ~10^4 tickets active at a park the chance that two share a code is
 * about 3·10^-4.
 */
export const TICKET_LENGTH = 8;

export const newTicketCode = (randomBytes: (n: number) => Uint8Array): string =>
  randomCode(TICKET_LENGTH, randomBytes);

export const normaliseTicketCode = (input: string): string | null =>
  normaliseCode(input, TICKET_LENGTH);

export const formatTicketCode = formatCode;

const ticketCode = v.pipe(
  v.string(),
  v.check((c) => normaliseTicketCode(c) === c, 'must be a ticket code')
);
const uuid = v.pipe(v.string(), v.uuid('must be a UUID'));

/** A phone number (7–15 digits, as Colombians write them) or an e-mail address. */
export const ContactSchema = v.union(
  [
    v.pipe(v.string(), v.trim(), v.email(), v.maxLength(120)),
    v.pipe(
      v.string(),
      v.trim(),
      v.regex(/^\+?[\d\s()-]{7,20}$/),
      v.check((s) => {
        const digits = s.replace(/\D/g, '').length;
        return digits >= 7 && digits <= 15;
      })
    )
  ],
  'must be a phone number or an e-mail address'
);

export const RegisterArgsSchema = v.object({
  registrationId: uuid,
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  code: ticketCode,
  name: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(2, 'name must have at least 2 characters'),
    v.maxLength(80, 'name must have at most 80 characters')
  ),
  contact: v.optional(ContactSchema),
  ageBand: v.optional(v.picklist(AGE_BANDS)),
  comuna: v.optional(v.picklist(COMUNA_IDS)),
  /** The lease whose seat the device spent to confirm offline (DESIGN §5). */
  leaseId: v.optional(v.pipe(v.string(), v.maxLength(80))),
  consent: v.object({
    noticeVersion: v.literal(PRIVACY_NOTICE_VERSION, 'consent must be to the current notice'),
    acceptedAt: v.pipe(v.string(), v.isoTimestamp()),
    /**
     * SHA-256 (hex) of the notice text the device showed, in the visitor's language. The
     * server keeps it only if it is the hash of this version's text in one of its
     * languages (so PRIVACY_NOTICE_VERSION must change whenever the text does).
     */
    noticeHash: v.optional(
      v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'noticeHash must be SHA-256 hex'))
    )
  })
});
export type RegisterArgs = v.InferOutput<typeof RegisterArgsSchema>;

export const CheckInArgsSchema = v.object({
  code: ticketCode,
  /** When the kiosk knows which session the ticket is for (it always does offline). */
  sessionId: v.optional(v.pipe(v.string(), v.maxLength(64)))
});
export type CheckInArgs = v.InferOutput<typeof CheckInArgsSchema>;

/** Two check-ins of one ticket are one: the earliest stamp wins (DESIGN §5). */
export function mergeCheckIn(existing: string | null, stamp: string): string {
  return existing !== null && existing <= stamp ? existing : stamp;
}

export const CancelArgsSchema = v.object({
  registrationId: uuid,
  code: ticketCode
});
export type CancelArgs = v.InferOutput<typeof CancelArgsSchema>;

/**
 * Cancelling at an enrolled kiosk or desk with nothing but the ticket's code (a ticket made
 * on any device): the server finds the registration at the device's park. An unknown code,
 * a code of another park and a ticket already cancelled get the same answer (not_found).
 */
export const CancelByCodeArgsSchema = v.object({
  code: ticketCode,
  /** The session the kiosk's roster placed the ticket in, when it knows. */
  sessionId: v.optional(v.pipe(v.string(), v.maxLength(64)))
});
export type CancelByCodeArgs = v.InferOutput<typeof CancelByCodeArgsSchema>;

export const REGISTRATION_STATUSES = [
  'pending',
  'confirmed',
  'waitlisted',
  'cancelled',
  'rejected'
] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A registration as devices hold it. Contact and demographics stay on the server. */
export const RegistrationSchema = v.object({
  id: uuid,
  sessionId: v.string(),
  workshopId: v.string(),
  branchId: v.string(),
  code: ticketCode,
  name: v.string(),
  status: v.picklist(REGISTRATION_STATUSES),
  /** 1-based place on the waitlist, when waitlisted. */
  position: v.nullable(v.number()),
  reason: v.nullable(v.string()),
  stamp: v.pipe(v.string(), v.check(isHlcStamp)),
  /** HLC stamp of the check-in at the workshop, once checked in. */
  checkedIn: v.nullable(v.string()),
  version: v.number()
});
export type Registration = v.InferOutput<typeof RegistrationSchema>;

export { REJECTIONS, type Rejection } from './rejections';

/**
 * What an enrolled kiosk or desk holds about a ticket at its park, to check people in and
 * cancel by code offline: the code, the state and a first name to greet them with. No
 * registration id (nothing to cancel or claim a ticket with but its code), and only for
 * today's and tomorrow's sessions (see domain/roster.ts). Nothing else leaves the server.
 */
export const RosterEntrySchema = v.object({
  /** `sessionId.code`: unique per ticket, and says nothing the entry does not. */
  id: v.string(),
  sessionId: v.string(),
  workshopId: v.string(),
  code: v.string(),
  firstName: v.string(),
  /** The whole name, on a desk's roster only (issue 9 §4: the day's list at the desk). */
  name: v.optional(v.string()),
  status: v.picklist(REGISTRATION_STATUSES),
  checkedIn: v.nullable(v.string())
});
export type RosterEntry = v.InferOutput<typeof RosterEntrySchema>;

/** The key under which two registrations are "the same person" for one session. */
export function personKey(name: string, contact: string | undefined): string {
  const who = foldText(name);
  const how = (contact ?? '').toLowerCase().replace(/[^a-z0-9@.]/g, '');
  return `${who}|${how}`;
}

export interface SeatState {
  capacity: number;
  /** Confirmed registrations. */
  seatsTaken: number;
  /** Seats held in leases by devices (issue 3, §5); not free for the server to give. */
  leased: number;
  status: 'scheduled' | 'cancelled';
  startsAt: string;
}

export type SeatDecision =
  { status: 'confirmed' | 'waitlisted' } | { status: 'rejected'; reason: Rejection };

/** Where a new registration goes when it reaches the server at `now`. */
export function decideSeat(s: SeatState, waitlisted: number, now: Date): SeatDecision {
  if (s.status === 'cancelled') return { status: 'rejected', reason: REJECTIONS.sessionCancelled };
  if (s.startsAt <= now.toISOString()) {
    return { status: 'rejected', reason: REJECTIONS.sessionStarted };
  }
  const free = s.capacity - s.seatsTaken - s.leased;
  // Someone already waiting would have had a free seat first; a newcomer never jumps them.
  if (free > 0 && waitlisted === 0) return { status: 'confirmed' };
  return { status: 'waitlisted' };
}

/** Waitlist order: by the registration's stamp (when the person asked), then by id. */
export function waitlistOrder<T extends { stamp: string; id: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.stamp.localeCompare(b.stamp) || a.id.localeCompare(b.id));
}

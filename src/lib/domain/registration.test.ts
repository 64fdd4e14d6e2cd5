import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import {
  ContactSchema,
  decideSeat,
  mergeCheckIn,
  personKey,
  PRIVACY_NOTICE_VERSION,
  RegisterArgsSchema,
  waitlistOrder,
  type SeatState
} from './registration';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const open: SeatState = {
  capacity: 2,
  seatsTaken: 0,
  leased: 0,
  status: 'scheduled',
  startsAt: '2026-11-26T14:00:00.000Z'
};

describe('decideSeat', () => {
  it('confirms while the pool has a seat and nobody waits', () => {
    expect(decideSeat(open, 0, NOW)).toEqual({ status: 'confirmed' });
  });
  it('waitlists when the free seats are held in leases, or someone already waits', () => {
    expect(decideSeat({ ...open, seatsTaken: 1, leased: 1 }, 0, NOW)).toEqual({
      status: 'waitlisted'
    });
    expect(decideSeat(open, 1, NOW)).toEqual({ status: 'waitlisted' });
  });
  it('refuses a cancelled or started session, with its reason', () => {
    expect(decideSeat({ ...open, status: 'cancelled' }, 0, NOW)).toEqual({
      status: 'rejected',
      reason: 'session_cancelled'
    });
    expect(decideSeat({ ...open, startsAt: NOW.toISOString() }, 0, NOW)).toEqual({
      status: 'rejected',
      reason: 'session_started'
    });
  });
});

describe('waitlist order and check-in merge', () => {
  it('orders by the stamp of the request, then by id; never by arrival', () => {
    const list = [
      { id: 'b', stamp: '2' },
      { id: 'c', stamp: '1' },
      { id: 'a', stamp: '2' }
    ];
    expect(waitlistOrder(list).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    expect(list.map((r) => r.id)).toEqual(['b', 'c', 'a']); // not sorted in place
  });
  it('keeps the earliest check-in, whichever arrives first', () => {
    expect(mergeCheckIn(null, '5')).toBe('5');
    expect(mergeCheckIn('3', '5')).toBe('3');
    expect(mergeCheckIn('5', '3')).toBe('3');
  });
});

describe('who is the same person', () => {
  it('folds accents, case and spacing of the name, and the punctuation of the contact', () => {
    expect(personKey('  José  Pérez ', '+57 300-123 4567')).toBe(
      personKey('jose perez', '+573001234567')
    );
    expect(personKey('Ana', undefined)).not.toBe(personKey('Ana', '3001234567'));
  });
});

describe('what a registration may say', () => {
  const args = {
    registrationId: '6f1c2a9e-3b1d-4c5e-9f00-0a1b2c3d4e5f',
    sessionId: 's1',
    code: 'ACDEFGHJ',
    name: 'Ana',
    consent: { noticeVersion: PRIVACY_NOTICE_VERSION, acceptedAt: NOW.toISOString() }
  };
  it('accepts the minimum: a name, a code and consent to this notice', () => {
    expect(v.safeParse(RegisterArgsSchema, args).success).toBe(true);
  });
  it.each([
    ['a one-letter name', { name: 'A' }],
    ['a code outside the alphabet', { code: 'ACDEFGH0' }],
    ['consent to another notice', { consent: { ...args.consent, noticeVersion: 'old' } }],
    ['a comuna that does not exist', { comuna: '17' }],
    ['an id that is not a UUID', { registrationId: 'r1' }]
  ])('refuses %s', (_what, over) => {
    expect(v.safeParse(RegisterArgsSchema, { ...args, ...over }).success).toBe(false);
  });
  it('takes a phone number or an e-mail as contact, nothing else', () => {
    for (const ok of ['300 123 4567', '+57 (4) 444-5566', 'ana@example.org']) {
      expect(v.safeParse(ContactSchema, ok).success, ok).toBe(true);
    }
    for (const bad of ['123', 'ana@', 'llámame']) {
      expect(v.safeParse(ContactSchema, bad).success, bad).toBe(false);
    }
  });
});

/**
 * Seat leases (DESIGN §5, after O'Neil 1986 and Balegas et al. 2015): a kiosk holds a few
 * seats of upcoming sessions and may confirm registrations offline by spending them.
 * Invariant at all times, per session: seatsTaken + leased + pool = capacity, pool ≥ 0.
 */
import * as v from 'valibot';
import { MAX_CLOCK_LEAD_MS } from './hlc';

export interface LeasePolicy {
  /** Seats a kiosk holds per upcoming session. */
  seatsPerKiosk: number;
  /** Share of each session's capacity never leased: kept for phones and the desk. */
  reserveShare: number;
  /** Sessions starting within this many days get leases. */
  horizonDays: number;
  /**
   * A lease not renewed within this many hours goes back: its unused seats return to the
   * pool and the waitlist. Every pull and lease request of the kiosk renews it.
   */
  ttlHours: number;
}

export const DEFAULT_LEASE_POLICY: LeasePolicy = {
  seatsPerKiosk: 2,
  reserveShare: 0.3,
  horizonDays: 7,
  // Kiosks are often offline for hours (a park's line down for an afternoon, a kiosk switched
  // off overnight), and each hour of TTL is an hour a kiosk may keep confirming offline. A
  // whole day without a single pull means unplugged, broken or gone: then its unused seats
  // are better with the waitlist and the phones.
  ttlHours: 24
};

export function leasePolicyFromEnv(env: Record<string, string | undefined>): LeasePolicy {
  const num = (value: string | undefined, fallback: number, min: number, max: number) => {
    const n = value === undefined || value === '' ? fallback : Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new Error(`lease policy value ${value} is outside ${min}…${max}`);
    }
    return n;
  };
  return {
    seatsPerKiosk: Math.floor(
      num(env.PARQUE_LEASE_SEATS, DEFAULT_LEASE_POLICY.seatsPerKiosk, 0, 50)
    ),
    reserveShare: num(env.PARQUE_LEASE_RESERVE, DEFAULT_LEASE_POLICY.reserveShare, 0, 1),
    horizonDays: Math.floor(num(env.PARQUE_LEASE_DAYS, DEFAULT_LEASE_POLICY.horizonDays, 0, 60)),
    // At least an hour (a kiosk between two pulls is not silent), at most 30 days.
    ttlHours: num(env.PARQUE_LEASE_TTL_HOURS, DEFAULT_LEASE_POLICY.ttlHours, 1, 720)
  };
}

export interface SessionSeats {
  capacity: number;
  seatsTaken: number;
  leased: number;
}

export function pool(s: SessionSeats): number {
  return s.capacity - s.seatsTaken - s.leased;
}

/**
 * How many seats to add to a kiosk's lease on a session: up to the policy's share, from
 * the pool, never touching the reserve, and none while people are waiting (a free seat
 * belongs to the waitlist first).
 */
export function seatsToGrant(
  s: SessionSeats,
  unusedHeld: number,
  waitlisted: number,
  policy: LeasePolicy
): number {
  if (waitlisted > 0) return 0;
  const reserve = Math.ceil(s.capacity * policy.reserveShare);
  const available = pool(s) - reserve;
  const wanted = policy.seatsPerKiosk - unusedHeld;
  return Math.max(0, Math.min(wanted, available));
}

export const LeaseSchema = v.object({
  id: v.string(),
  sessionId: v.string(),
  seats: v.number(),
  used: v.number(),
  status: v.picklist(['active', 'expired']),
  expiresAt: v.string(),
  /**
   * The server takes the unused seats back after this instant unless the kiosk renews the
   * lease first (by pulling): PARQUE_LEASE_TTL_HOURS after its last renewal.
   */
  renewBy: v.string(),
  version: v.number()
});
export type Lease = v.InferOutput<typeof LeaseSchema>;

/**
 * How long before `renewBy` a device stops spending a lease. The device compares the
 * server's instant with its own clock, and a clock running slow would otherwise promise a
 * seat the server has just taken back. Honest drift is minutes (the server believes a lead
 * of MAX_CLOCK_LEAD_MS, 5 minutes); twice that costs 10 minutes of a day-long lease and
 * leaves a spend made at the edge a few minutes to reach the server.
 */
export const RENEW_BY_MARGIN_MS = 2 * MAX_CLOCK_LEAD_MS;

/**
 * Seats a device may still spend on a lease: granted, minus spends the server applied
 * (`used`, raised on the device as soon as a push is confirmed), minus spends still
 * waiting in the outbox. None once the session starts, nor from RENEW_BY_MARGIN_MS before
 * `renewBy` on (the device has not been heard for a TTL, so the server may reclaim them).
 */
export function spendable(
  lease: Pick<Lease, 'seats' | 'used' | 'status' | 'expiresAt' | 'renewBy'>,
  pendingSpends: number,
  now: Date
): number {
  if (lease.status !== 'active' || lease.expiresAt <= now.toISOString()) return 0;
  // Written as "not after" so a row stored before renewBy existed (undefined) spends nothing
  // until the next pull brings its renewBy.
  const cutoff = new Date(now.getTime() + RENEW_BY_MARGIN_MS).toISOString();
  if (!(lease.renewBy > cutoff)) return 0;
  return Math.max(0, lease.seats - lease.used - pendingSpends);
}

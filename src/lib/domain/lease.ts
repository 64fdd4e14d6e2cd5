/**
 * Seat leases (DESIGN §5, after O'Neil 1986 and Balegas et al. 2015): a kiosk holds a few
 * seats of upcoming sessions and may confirm registrations offline by spending them.
 * Invariant at all times, per session: seatsTaken + leased + pool = capacity, pool ≥ 0.
 */
import * as v from 'valibot';

export interface LeasePolicy {
  /** Seats a kiosk holds per upcoming session. */
  seatsPerKiosk: number;
  /** Share of each session's capacity never leased: kept for phones and the desk. */
  reserveShare: number;
  /** Sessions starting within this many days get leases. */
  horizonDays: number;
}

export const DEFAULT_LEASE_POLICY: LeasePolicy = {
  seatsPerKiosk: 2,
  reserveShare: 0.3,
  horizonDays: 7
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
    horizonDays: Math.floor(num(env.PARQUE_LEASE_DAYS, DEFAULT_LEASE_POLICY.horizonDays, 0, 60))
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
  version: v.number()
});
export type Lease = v.InferOutput<typeof LeaseSchema>;

/**
 * Seats a device may still spend on a lease: granted, minus spends the server applied
 * (`used`, raised on the device as soon as a push is confirmed), minus spends still
 * waiting in the outbox.
 */
export function spendable(
  lease: Pick<Lease, 'seats' | 'used' | 'status' | 'expiresAt'>,
  pendingSpends: number,
  now: Date
): number {
  if (lease.status !== 'active' || lease.expiresAt <= now.toISOString()) return 0;
  return Math.max(0, lease.seats - lease.used - pendingSpends);
}

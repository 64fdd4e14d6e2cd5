import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEASE_POLICY,
  leasePolicyFromEnv,
  pool,
  RENEW_BY_MARGIN_MS,
  seatsToGrant,
  spendable
} from './lease';

const policy = { seatsPerKiosk: 2, reserveShare: 0.3, horizonDays: 7, ttlHours: 24 };

describe('seatsToGrant', () => {
  it('tops up to the policy from the pool, keeping the reserve', () => {
    // capacity 10: reserve 3, pool 10 → 7 leasable.
    expect(seatsToGrant({ capacity: 10, seatsTaken: 0, leased: 0 }, 0, 0, policy)).toBe(2);
    expect(seatsToGrant({ capacity: 10, seatsTaken: 0, leased: 2 }, 1, 0, policy)).toBe(1);
    expect(seatsToGrant({ capacity: 10, seatsTaken: 5, leased: 1 }, 0, 0, policy)).toBe(1);
    expect(seatsToGrant({ capacity: 10, seatsTaken: 6, leased: 1 }, 0, 0, policy)).toBe(0);
  });

  it('grants nothing while people wait for a seat', () => {
    expect(seatsToGrant({ capacity: 10, seatsTaken: 0, leased: 0 }, 0, 1, policy)).toBe(0);
  });

  it('keeps confirmed + leased + free = capacity, and never leases into the reserve', () => {
    // `free` is counted here on its own, not as the difference pool() returns, so the sum
    // can fail; confirmations (phones, the desk) may use the reserve, grants never do.
    expect(() =>
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 60 }),
          fc.array(fc.tuple(fc.nat(5), fc.nat(3)), { maxLength: 30 }),
          (capacity, steps) => {
            const s = { capacity, seatsTaken: 0, leased: 0 };
            let free = capacity;
            const reserve = Math.ceil(capacity * policy.reserveShare);
            for (const [confirm, held] of steps) {
              const take = Math.min(confirm, free);
              s.seatsTaken += take;
              free -= take;
              const granted = seatsToGrant(s, held, 0, policy);
              if (granted < 0 || granted > Math.max(0, policy.seatsPerKiosk - held)) return false;
              s.leased += granted;
              free -= granted;
              if (granted > 0 && free < reserve) return false;
              if (free < 0 || s.seatsTaken + s.leased + free !== capacity) return false;
              if (pool(s) !== free) return false;
            }
            return true;
          }
        )
      )
    ).not.toThrow();
  });
});

describe('spendable', () => {
  const now = new Date('2026-11-25T15:00:00.000Z');
  const lease = {
    seats: 3,
    used: 1,
    status: 'active' as const,
    expiresAt: '2026-11-26T14:00:00.000Z',
    renewBy: '2026-11-26T15:00:00.000Z'
  };
  it('counts seats left after applied and pending spends', () => {
    expect(spendable(lease, 0, now)).toBe(2);
    expect(spendable(lease, 2, now)).toBe(0);
    expect(spendable(lease, 5, now)).toBe(0);
  });
  it('offers nothing once expired', () => {
    expect(spendable({ ...lease, status: 'expired' }, 0, now)).toBe(0);
    expect(spendable(lease, 0, new Date('2026-11-26T14:00:00.000Z'))).toBe(0);
  });
  it('offers nothing once renewBy has passed, nor in the margin just before it', () => {
    // The session is far off; only renewBy stops the spend.
    const silent = { ...lease, expiresAt: '2026-12-20T14:00:00.000Z' };
    const renewBy = Date.parse(silent.renewBy);
    expect(spendable(silent, 0, new Date(renewBy - RENEW_BY_MARGIN_MS - 1))).toBe(2);
    expect(spendable(silent, 0, new Date(renewBy - RENEW_BY_MARGIN_MS))).toBe(0);
    expect(spendable(silent, 0, new Date(renewBy))).toBe(0);
    expect(spendable(silent, 0, new Date(renewBy + 86_400_000))).toBe(0);
    // A lease stored before renewBy existed spends nothing until a pull brings one.
    const old: Partial<typeof silent> = { ...silent };
    delete old.renewBy;
    expect(spendable(old as typeof silent, 0, now)).toBe(0);
  });
});

describe('leasePolicyFromEnv', () => {
  it('reads the policy, with defaults', () => {
    expect(leasePolicyFromEnv({})).toEqual(DEFAULT_LEASE_POLICY);
    expect(leasePolicyFromEnv({ PARQUE_LEASE_SEATS: '4', PARQUE_LEASE_RESERVE: '0.5' })).toEqual({
      seatsPerKiosk: 4,
      reserveShare: 0.5,
      horizonDays: 7,
      ttlHours: 24
    });
    expect(leasePolicyFromEnv({ PARQUE_LEASE_TTL_HOURS: '6' }).ttlHours).toBe(6);
  });
  it('refuses nonsense with a clear error', () => {
    expect(() => leasePolicyFromEnv({ PARQUE_LEASE_RESERVE: '2' })).toThrow('outside 0…1');
    expect(() => leasePolicyFromEnv({ PARQUE_LEASE_SEATS: 'many' })).toThrow('outside');
    expect(() => leasePolicyFromEnv({ PARQUE_LEASE_TTL_HOURS: '0' })).toThrow('outside 1…720');
    expect(() => leasePolicyFromEnv({ PARQUE_LEASE_TTL_HOURS: '721' })).toThrow('outside 1…720');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../domain/mutation';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from './catalogue';
import { writeTransaction } from './db/index';
import { grantLeases, releaseLeases } from './leases';
import { push } from './sync/push';
import {
  branch,
  category,
  registerArgs,
  session,
  stampAt,
  testDb,
  workshop,
  type TestDb
} from './test/factories';

let t: TestDb;
const NOW = new Date('2026-11-25T15:00:00.000Z');
const START = '2026-11-26T14:00:00.000Z';
const KIOSK = '11111111-2222-4333-8444-555555555555';
const policy = { seatsPerKiosk: 2, reserveShare: 0.3, horizonDays: 7, ttlHours: 24 };

beforeEach(async () => {
  t = await testDb();
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
    await saveSessions(trx, v, [
      session('s1', 'w1', 'br-a', { capacity: 4, startsAt: START }),
      session('far', 'w1', 'br-a', { capacity: 4, startsAt: '2026-12-20T14:00:00.000Z' })
    ]);
  });
});
afterEach(async () => {
  await t.cleanup();
});

const seats = async () =>
  t.db
    .selectFrom('sessions')
    .select(['seats_taken', 'leased', 'capacity'])
    .where('id', '=', 's1')
    .executeTakeFirstOrThrow();
const lease = () =>
  t.db.selectFrom('leases').selectAll().where('session_id', '=', 's1').executeTakeFirstOrThrow();
let n = 0;
const reg = (args: ReturnType<typeof registerArgs>, wall = NOW.getTime()): Mutation => ({
  id: ++n,
  name: 'registerAttendee',
  args,
  at: stampAt(wall, 'kiosk')
});
const pushAs = (clientId: string, mutations: Mutation[], now = NOW) =>
  push(t.db, { clientId, branchId: 'br-a', pendingCount: 0, mutations }, () => now);

beforeEach(() => {
  n = 0;
});

describe('seat leases on the server', () => {
  it('grants up to the policy on sessions within the horizon, keeping the reserve', async () => {
    expect(await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy })).toBe(
      2
    );
    expect(await seats()).toEqual({ seats_taken: 0, leased: 2, capacity: 4 });
    // Again: already holding its share, nothing more. Another kiosk: the reserve (2) stops it.
    expect(await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy })).toBe(
      0
    );
    const other = crypto.randomUUID();
    expect(await grantLeases(t.db, { clientId: other, branchId: 'br-a', now: NOW, policy })).toBe(
      0
    );
    expect(await t.db.selectFrom('leases').select('session_id').execute()).toEqual([
      { session_id: 's1' }
    ]);
  });

  it('a leased seat confirms even when the pool has run dry, and the invariant holds', async () => {
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy });
    const l = await lease();
    // Two phones take the two unleased seats.
    await pushAs(crypto.randomUUID(), [reg(registerArgs('s1'))]);
    n = 0;
    await pushAs(crypto.randomUUID(), [reg(registerArgs('s1'))]);
    n = 0;
    // A third without a lease waits.
    await pushAs(crypto.randomUUID(), [reg(registerArgs('s1'))]);
    n = 0;
    // The kiosk's two offline confirmations arrive: both kept.
    await pushAs(KIOSK, [
      reg(registerArgs('s1', { leaseId: l.id })),
      reg(registerArgs('s1', { leaseId: l.id })),
      reg(registerArgs('s1', { leaseId: l.id }))
    ]);
    const rows = await t.db.selectFrom('registrations').select(['client_id', 'status']).execute();
    const kiosk = rows.filter((r) => r.client_id === KIOSK).map((r) => r.status);
    expect(kiosk).toEqual(['confirmed', 'confirmed', 'waitlisted']);
    expect(await seats()).toEqual({ seats_taken: 4, leased: 0, capacity: 4 });
    expect((await lease()).used).toBe(2);
  });

  it('seats handed back promote the waitlist at once (issue 11, 2e)', async () => {
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy });
    // Two phones take the two unleased seats; two more wait while the kiosk holds two.
    for (let i = 0; i < 4; i++) {
      n = 0;
      await pushAs(crypto.randomUUID(), [reg(registerArgs('s1'), NOW.getTime() + i)]);
    }
    const statuses = async () =>
      (await t.db.selectFrom('registrations').select('status').orderBy('stamp').execute()).map(
        (r) => r.status
      );
    expect(await statuses()).toEqual(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    // The kiosk leaves (or is revoked): its seats go to the people waiting, in stamp order.
    expect(await releaseLeases(t.db, KIOSK, NOW)).toBe(2);
    expect(await statuses()).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed']);
    expect(await seats()).toEqual({ seats_taken: 4, leased: 0, capacity: 4 });
  });

  it('a confirmation stamped before the start is kept when it arrives after the start', async () => {
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy });
    const l = await lease();
    const afterStart = new Date(Date.parse(START) + 3_600_000);
    await pushAs(
      KIOSK,
      [reg(registerArgs('s1', { leaseId: l.id }), Date.parse(START) - 60_000)],
      afterStart
    );
    expect(await t.db.selectFrom('registrations').select('status').execute()).toEqual([
      { status: 'confirmed' }
    ]);
    // The lease expired at the start; its unused seat went back to the pool.
    expect((await lease()).status).toBe('expired');
    expect(await seats()).toEqual({ seats_taken: 1, leased: 0, capacity: 4 });
  });

  it('a lease of another device, or used up, does not confirm', async () => {
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy });
    const l = await lease();
    await pushAs(crypto.randomUUID(), [reg(registerArgs('s1', { leaseId: l.id }))]);
    expect((await lease()).used).toBe(0);
    expect(await seats()).toMatchObject({ seats_taken: 1, leased: 2 });
  });
});

describe('giving seats back', () => {
  it('a kiosk leaving returns its unused seats; spent ones stay confirmed', async () => {
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy });
    const l = await lease();
    await pushAs(KIOSK, [reg(registerArgs('s1', { leaseId: l.id }))]);
    expect(await seats()).toEqual({ seats_taken: 1, leased: 1, capacity: 4 });
    expect(await releaseLeases(t.db, KIOSK)).toBe(1);
    expect(await seats()).toEqual({ seats_taken: 1, leased: 0, capacity: 4 });
    expect(await lease()).toMatchObject({ status: 'returned', seats: 1, used: 1 });
  });

  it('a smaller policy takes the surplus back on the next renewal', async () => {
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy });
    const smaller = { ...policy, seatsPerKiosk: 1 };
    await grantLeases(t.db, { clientId: KIOSK, branchId: 'br-a', now: NOW, policy: smaller });
    expect(await seats()).toMatchObject({ leased: 1 });
    expect(await lease()).toMatchObject({ seats: 1, used: 0, status: 'active' });
  });
});

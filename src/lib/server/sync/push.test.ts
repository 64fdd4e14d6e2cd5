import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation, PushRequest } from '../../domain/mutation';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { currentVersion, writeTransaction } from '../db/index';
import {
  branch,
  category,
  registerArgs,
  session,
  stampAt,
  testDb,
  workshop,
  type TestDb
} from '../test/factories';
import { DEFAULT_LEASE_POLICY } from '../../domain/lease';
import { grantLeases } from '../leases';
import { pull, recordPull } from './pull';
import { push, PushError } from './push';

let t: TestDb;
const NOW = new Date('2026-11-25T15:00:00.000Z');
const clock = () => NOW;
const CLIENT = '6f1c2a9e-3b1d-4c5e-9f00-0a1b2c3d4e5f';

beforeEach(async () => {
  t = await testDb();
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
    await saveSessions(trx, v, [
      session('s1', 'w1', 'br-a', { capacity: 2, startsAt: '2026-11-26T14:00:00.000Z' }),
      session('s-past', 'w1', 'br-a', { startsAt: '2026-11-25T13:00:00.000Z' })
    ]);
  });
});
afterEach(async () => {
  await t.cleanup();
});

let n = 0;
function m(
  name: string,
  args: unknown,
  id = ++n,
  wall = NOW.getTime() - 60_000 + id * 1000
): Mutation {
  return { id, name, args, at: stampAt(wall, 'kiosk') };
}
function req(mutations: Mutation[], clientId = CLIENT): PushRequest {
  return { clientId, branchId: 'br-a', pendingCount: 0, mutations };
}
const registrations = () => t.db.selectFrom('registrations').selectAll().orderBy('stamp').execute();
const seatsTaken = async (id = 's1') =>
  (
    await t.db
      .selectFrom('sessions')
      .select('seats_taken')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).seats_taken;

beforeEach(() => {
  n = 0;
});

describe('push: exactly once, in order', () => {
  it('the same push twice applies once', async () => {
    const batch = req([m('registerAttendee', registerArgs('s1'))]);
    const first = await push(t.db, batch, clock);
    const second = await push(t.db, batch, clock);
    expect(first).toEqual({
      lastMutationId: 1,
      outcomes: [{ id: 1, status: 'applied', reason: null }]
    });
    expect(second).toEqual({ lastMutationId: 1, outcomes: [] });
    expect(await registrations()).toHaveLength(1);
    expect(await seatsTaken()).toBe(1);
  });

  it('refuses a gap in mutation numbers and changes nothing', async () => {
    await push(t.db, req([m('registerAttendee', registerArgs('s1'))]), clock);
    const gap = push(t.db, req([m('registerAttendee', registerArgs('s1'), 3)]), clock);
    await expect(gap).rejects.toBeInstanceOf(PushError);
    await expect(gap).rejects.toMatchObject({ status: 409, lastMutationId: 1 });
    expect(await registrations()).toHaveLength(1);
  });

  it('a gap is refused (409) and changes nothing, not even the epoch: any device can send one', async () => {
    await push(t.db, req([m('registerAttendee', registerArgs('s1'))]), clock);
    const before = await currentVersion(t.db);
    await expect(
      push(t.db, req([m('registerAttendee', registerArgs('s1'), 3)]), clock)
    ).rejects.toMatchObject({ status: 409 });
    expect(await currentVersion(t.db)).toEqual(before);
  });

  it('a poison mutation is rejected, counted, and the ones after it still apply', async () => {
    const res = await push(
      t.db,
      req([
        m('registerAttendee', { nonsense: true }),
        m('noSuchMutator', {}),
        m('registerAttendee', registerArgs('s1', { name: '' })),
        m('registerAttendee', registerArgs('s1'))
      ]),
      clock
    );
    expect(res.lastMutationId).toBe(4);
    expect(res.outcomes.map((o) => o.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'applied'
    ]);
    expect(res.outcomes[0]?.reason).toMatch(/^invalid_args: /);
    expect(res.outcomes[1]?.reason).toBe('unknown_mutation');
    expect(res.outcomes[2]?.reason).toContain('name');
    expect(await registrations()).toHaveLength(1);
  });

  it('a temporary failure aborts without advancing, and the retry applies', async () => {
    const batch = req([m('registerAttendee', registerArgs('s1'))]);
    await t.db.schema.alterTable('registrations').renameTo('registrations_away').execute();
    await expect(push(t.db, batch, clock)).rejects.toThrow();
    await t.db.schema.alterTable('registrations_away').renameTo('registrations').execute();
    const pulled = await pull(t.db, { branch: 'br-a', client: CLIENT });
    expect(pulled.lastMutationId).toBe(0);
    expect((await push(t.db, batch, clock)).lastMutationId).toBe(1);
    expect(await registrations()).toHaveLength(1);
  });

  it('refuses an unknown park before touching anything', async () => {
    await expect(
      push(t.db, { ...req([m('registerAttendee', registerArgs('s1'))]), branchId: 'nope' }, clock)
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('registerAttendee and cancelRegistration on the server', () => {
  it('confirms up to capacity, then waitlists in stamp order, not arrival order', async () => {
    const base = NOW.getTime() - 3_600_000;
    await push(
      t.db,
      req([
        m('registerAttendee', registerArgs('s1', { name: 'Ana' }), 1, base),
        m('registerAttendee', registerArgs('s1', { name: 'Beto' }), 2, base + 1000),
        // Carla asked later than Dora but reached the server first.
        m('registerAttendee', registerArgs('s1', { name: 'Carla' }), 3, base + 3000)
      ]),
      clock
    );
    await push(
      t.db,
      req(
        [m('registerAttendee', registerArgs('s1', { name: 'Dora' }), 1, base + 2000)],
        crypto.randomUUID()
      ),
      clock
    );
    const rows = await registrations();
    expect(rows.map((r) => [r.name, r.status, r.position])).toEqual([
      ['Ana', 'confirmed', null],
      ['Beto', 'confirmed', null],
      ['Dora', 'waitlisted', 1],
      ['Carla', 'waitlisted', 2]
    ]);
    expect(await seatsTaken()).toBe(2);
  });

  it('cancelling a confirmed seat promotes the first on the waitlist', async () => {
    const ana = registerArgs('s1', { name: 'Ana' });
    await push(
      t.db,
      req([
        m('registerAttendee', ana),
        m('registerAttendee', registerArgs('s1', { name: 'Beto' })),
        m('registerAttendee', registerArgs('s1', { name: 'Carla' })),
        m('registerAttendee', registerArgs('s1', { name: 'Dora' }))
      ]),
      clock
    );
    const res = await push(
      t.db,
      req([m('cancelRegistration', { registrationId: ana.registrationId, code: ana.code })]),
      clock
    );
    expect(res.outcomes[0]?.status).toBe('applied');
    const byName = Object.fromEntries(
      (await registrations()).map((r) => [r.name, [r.status, r.position]])
    );
    expect(byName).toEqual({
      Ana: ['cancelled', null],
      Beto: ['confirmed', null],
      Carla: ['confirmed', null],
      Dora: ['waitlisted', 1]
    });
    expect(await seatsTaken()).toBe(2);
  });

  it('cancelling needs the ticket code and is idempotent', async () => {
    const ana = registerArgs('s1', { name: 'Ana' });
    await push(t.db, req([m('registerAttendee', ana)]), clock);
    const wrong = await push(
      t.db,
      req([m('cancelRegistration', { registrationId: ana.registrationId, code: 'ACDEFGHJ' })]),
      clock
    );
    // A wrong code is answered like an unknown ticket (issue 8 §4).
    expect(wrong.outcomes[0]).toMatchObject({ status: 'rejected', reason: 'not_found' });
    const cancel = { registrationId: ana.registrationId, code: ana.code };
    await push(
      t.db,
      req([m('cancelRegistration', cancel), m('cancelRegistration', cancel)]),
      clock
    );
    expect(await seatsTaken()).toBe(0);
  });

  it('catches the same person registering twice for a session, and explains', async () => {
    await push(
      t.db,
      req([
        m(
          'registerAttendee',
          registerArgs('s1', { name: 'María José Pérez', contact: '300 123 4567' })
        ),
        m(
          'registerAttendee',
          registerArgs('s1', { name: 'maria jose  PEREZ', contact: '3001234567' })
        )
      ]),
      clock
    );
    const rows = await registrations();
    expect(rows.map((r) => [r.status, r.reason])).toEqual([
      ['confirmed', null],
      ['rejected', 'duplicate']
    ]);
    expect(await seatsTaken()).toBe(1);
  });

  it('refuses sessions that started, and pulls back stamps from a fast clock', async () => {
    const dayAhead = NOW.getTime() + 86_400_000;
    await push(
      t.db,
      req([
        m('registerAttendee', registerArgs('s-past')),
        m('registerAttendee', registerArgs('s1'), undefined, dayAhead)
      ]),
      clock
    );
    const rows = await t.db.selectFrom('registrations').selectAll().orderBy('session_id').execute();
    expect(rows[1]?.status).toBe('confirmed');
    expect(rows[1]!.stamp < stampAt(NOW.getTime() + 5 * 60_000 + 1, 'kiosk')).toBe(true);
    expect(rows[0]).toMatchObject({
      session_id: 's-past',
      status: 'rejected',
      reason: 'session_started'
    });
  });

  it('the device pulls back its registrations, outcomes and lastMutationId', async () => {
    const a = registerArgs('s1', { name: 'Ana' });
    await push(t.db, req([m('registerAttendee', a), m('registerAttendee', { bad: 1 })]), clock);
    const page = await pull(t.db, { branch: 'br-a', client: CLIENT });
    expect(page.lastMutationId).toBe(2);
    expect(page.changes.registrations).toEqual([
      expect.objectContaining({ id: a.registrationId, status: 'confirmed', code: a.code })
    ]);
    expect(page.changes.outcomes.map((o) => [o.mutationId, o.status])).toEqual([
      [1, 'applied'],
      [2, 'rejected']
    ]);
    await recordPull(t.db, CLIENT, 'br-a', NOW);
    expect(
      await t.db
        .selectFrom('clients')
        .selectAll()
        .where('client_id', '=', CLIENT)
        .executeTakeFirst()
    ).toMatchObject({ last_mutation_id: 2, pending_count: 0, last_pull_at: NOW.toISOString() });
    // Another device sees none of it.
    const other = await pull(t.db, { branch: 'br-a', client: crypto.randomUUID() });
    expect(other.changes.registrations).toEqual([]);
    expect(other.lastMutationId).toBe(0);
  });
});

describe('checkIn', () => {
  it('two kiosks checking in one ticket offline make one check-in, the earliest', async () => {
    const ana = registerArgs('s1', { name: 'Ana María' });
    await push(t.db, req([m('registerAttendee', ana)]), clock);
    const kioskA = crypto.randomUUID();
    const kioskB = crypto.randomUUID();
    const early = NOW.getTime() - 10 * 60_000;
    const late = NOW.getTime() - 5 * 60_000;
    // B's later check-in arrives first; A's earlier one arrives after it. Neither errs.
    const b = await push(
      t.db,
      req([{ id: 1, name: 'checkIn', args: { code: ana.code }, at: stampAt(late, 'b') }], kioskB),
      clock
    );
    const a = await push(
      t.db,
      req([{ id: 1, name: 'checkIn', args: { code: ana.code }, at: stampAt(early, 'a') }], kioskA),
      clock
    );
    expect([a.outcomes[0]?.status, b.outcomes[0]?.status]).toEqual(['applied', 'applied']);
    const row = await t.db
      .selectFrom('registrations')
      .select('checked_in_stamp')
      .executeTakeFirstOrThrow();
    expect(row.checked_in_stamp).toBe(stampAt(early, 'a'));
    const again = await push(
      t.db,
      req([{ id: 2, name: 'checkIn', args: { code: ana.code }, at: stampAt(late, 'a') }], kioskA),
      clock
    );
    expect(again.outcomes[0]?.status).toBe('applied');
    expect(
      (await t.db.selectFrom('registrations').select('checked_in_stamp').executeTakeFirstOrThrow())
        .checked_in_stamp
    ).toBe(stampAt(early, 'a'));
  });

  it('refuses an unknown code and a ticket without a confirmed seat alike', async () => {
    await push(
      t.db,
      req([m('registerAttendee', registerArgs('s1')), m('registerAttendee', registerArgs('s1'))]),
      clock
    );
    const waiting = registerArgs('s1', { name: 'En espera' });
    await push(t.db, req([m('registerAttendee', waiting)]), clock);
    const res = await push(
      t.db,
      req([m('checkIn', { code: 'ACDEFGHJ' }), m('checkIn', { code: waiting.code })]),
      clock
    );
    // One answer for both, so trying codes tells a device nothing (issue 8 §4).
    expect(res.outcomes.map((o) => o.reason)).toEqual(['not_found', 'not_found']);
  });
});

describe('lease spends the server refused (issue 11, 2f)', () => {
  it('send the lease row again, so the device stops counting a seat it did not spend', async () => {
    await grantLeases(t.db, {
      clientId: CLIENT,
      branchId: 'br-a',
      now: NOW,
      policy: { ...DEFAULT_LEASE_POLICY, seatsPerKiosk: 1, reserveShare: 0 }
    });
    const lease = await t.db.selectFrom('leases').selectAll().executeTakeFirstOrThrow();
    const ana = registerArgs(lease.session_id, { name: 'Ana Gómez', leaseId: lease.id });
    await push(t.db, req([m('registerAttendee', ana)]), clock);
    const after = (await pull(t.db, { branch: 'br-a', client: CLIENT })).cursor;
    // The same person again, on the same lease: a duplicate, no seat spent.
    const again = registerArgs(lease.session_id, { name: 'Ana Gómez', leaseId: lease.id });
    await push(t.db, req([m('registerAttendee', again)]), clock);
    const page = await pull(t.db, { branch: 'br-a', client: CLIENT, cursor: after });
    expect(page.changes.leases).toEqual([expect.objectContaining({ id: lease.id, used: 1 })]);
    expect((await registrations()).find((r) => r.id === again.registrationId)?.status).toBe(
      'rejected'
    );
  });
});

describe('another device under the same identity (issue 11, 2d)', () => {
  it('a different mutation under a number already applied is refused; the same one is skipped', async () => {
    const original = m('registerAttendee', registerArgs('s1', { name: 'Ana' }), 1);
    await push(t.db, req([original]), clock);
    // A retry of the very same mutation: skipped, as always.
    expect(await push(t.db, req([original]), clock)).toEqual({ lastMutationId: 1, outcomes: [] });
    // A clone numbered its own change 1 too.
    const clone = m('registerAttendee', registerArgs('s1', { name: 'Beto' }), 1);
    const refused = await push(t.db, req([original, clone].slice(1)), clock).catch(
      (e: unknown) => e
    );
    expect(refused).toBeInstanceOf(PushError);
    expect(refused).toMatchObject({ status: 409, code: 'identity_conflict', lastMutationId: 1 });
    // Sent with the shared history, the server says which numbers were the device's own.
    const both = await push(
      t.db,
      req([original, { ...m('checkIn', { code: 'ACDEFGHJ' }, 2) }]),
      clock
    );
    expect(both.lastMutationId).toBe(2);
    const mixed = await push(
      t.db,
      req([original, m('checkIn', { code: 'CDEFGHJK' }, 2)]),
      clock
    ).catch((e: unknown) => e);
    expect(mixed).toMatchObject({ code: 'identity_conflict', applied: [1] });
    expect((await registrations()).map((r) => r.name)).toEqual(['Ana']);
  });
});

describe('a mutator that refuses after writing (issue 11 §8)', () => {
  it('leaves nothing behind: its writes roll back to a savepoint, the batch goes on', async () => {
    const { serverMutators } = await import('../mutators/index');
    const { MutationRejected } = await import('../mutators/context');
    const real = serverMutators.checkIn;
    serverMutators.checkIn = async (ctx) => {
      await ctx.trx
        .updateTable('sessions')
        .set({ capacity: 999, version: ctx.version })
        .where('id', '=', 's1')
        .execute();
      throw new MutationRejected('not_found');
    };
    try {
      const res = await push(
        t.db,
        req([
          m('checkIn', { code: 'ACDEFGHJ' }),
          m('registerAttendee', registerArgs('s1', { name: 'Ana' }))
        ]),
        clock
      );
      expect(res.outcomes.map((o) => o.status)).toEqual(['rejected', 'applied']);
    } finally {
      serverMutators.checkIn = real;
    }
    const s1 = await t.db
      .selectFrom('sessions')
      .select(['capacity', 'seats_taken'])
      .where('id', '=', 's1')
      .executeTakeFirstOrThrow();
    expect(s1).toEqual({ capacity: 2, seats_taken: 1 });
  });
});

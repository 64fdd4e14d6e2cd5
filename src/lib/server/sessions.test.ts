/**
 * Session edits keep the seat invariant (issue 11 2h): taken + leased + pool = capacity,
 * pool ≥ 0, nobody confirmed loses a seat, the waitlist is promoted in order.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LEASE_POLICY, type LeasePolicy } from '../domain/lease';
import type { Mutation } from '../domain/mutation';
import { TEST_BACKENDS, type TestDatabase } from './auth/test-databases';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from './catalogue';
import { writeTransaction, type Db } from './db/index';
import { grantLeases } from './leases';
import { MutationRejected } from './mutators/context';
import { changeCapacity, moveSession } from './sessions';
import { push } from './sync/push';
import { branch, category, registerArgs, session, stampAt, workshop } from './test/factories';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const START = '2026-11-27T14:00:00.000Z';
const policy: LeasePolicy = { ...DEFAULT_LEASE_POLICY, seatsPerKiosk: 2, reserveShare: 0 };

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`session edits (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;
    let wall = NOW.getTime() - 3_600_000;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
        await saveSessions(trx, v, [session('s1', 'w1', 'br-a', { capacity: 4, startsAt: START })]);
      });
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const register = async (name: string) => {
      const args = registerArgs('s1', { name });
      const m: Mutation = { id: 1, name: 'registerAttendee', args, at: stampAt((wall += 1000)) };
      await push(
        db,
        { clientId: crypto.randomUUID(), branchId: 'br-a', pendingCount: 0, mutations: [m] },
        () => NOW
      );
      return args.registrationId;
    };
    const edit = <T>(fn: (ctx: { trx: never; version: number; now: Date }) => Promise<T>) =>
      writeTransaction(db, (trx, version) => fn({ trx: trx as never, version, now: NOW }));
    const seats = () =>
      db
        .selectFrom('sessions')
        .select(['capacity', 'seats_taken', 'leased'])
        .where('id', '=', 's1')
        .executeTakeFirstOrThrow();
    const statuses = async () =>
      Object.fromEntries(
        (await db.selectFrom('registrations').select(['name', 'status', 'position']).execute()).map(
          (r) => [r.name, r.position ? `${r.status} ${r.position}` : r.status]
        )
      );
    /** The invariant, from the rows themselves: not from the session's own counters. */
    const invariant = async () => {
      const s = await seats();
      const confirmed = await db
        .selectFrom('registrations')
        .select('id')
        .where('session_id', '=', 's1')
        .where('status', '=', 'confirmed')
        .execute();
      const held = await db
        .selectFrom('leases')
        .select(['seats', 'used'])
        .where('session_id', '=', 's1')
        .where('status', '=', 'active')
        .execute();
      const leased = held.reduce((n, l) => n + l.seats - l.used, 0);
      expect(s.seats_taken).toBe(confirmed.length);
      expect(s.leased).toBe(leased);
      expect(s.capacity - s.seats_taken - s.leased).toBeGreaterThanOrEqual(0);
    };

    it('raising capacity promotes the waitlist in order at once', async () => {
      for (const name of ['Ana', 'Beto', 'Carla', 'Dora', 'Eva', 'Fabio']) await register(name);
      expect(await statuses()).toMatchObject({ Eva: 'waitlisted 1', Fabio: 'waitlisted 2' });
      await edit((ctx) => changeCapacity(ctx, 's1', 5));
      expect(await statuses()).toMatchObject({ Eva: 'confirmed', Fabio: 'waitlisted 1' });
      await invariant();
    });

    it('lowering below the confirmed seats is refused and changes nothing', async () => {
      for (const name of ['Ana', 'Beto', 'Carla']) await register(name);
      const refused = await edit((ctx) => changeCapacity(ctx, 's1', 2)).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(MutationRejected);
      expect(refused).toMatchObject({ reason: 'below_confirmed' });
      expect(await seats()).toEqual({ capacity: 4, seats_taken: 3, leased: 0 });
    });

    it('lowering takes the pool first, then kiosks’ unused leased seats', async () => {
      const kioskA = crypto.randomUUID();
      const kioskB = crypto.randomUUID();
      await grantLeases(db, { clientId: kioskA, branchId: 'br-a', now: NOW, policy });
      await grantLeases(db, { clientId: kioskB, branchId: 'br-a', now: NOW, policy });
      expect(await seats()).toEqual({ capacity: 4, seats_taken: 0, leased: 4 });
      await register('Ana'); // waitlisted: every seat is leased
      const before = await db.selectFrom('leases').select(['id', 'version']).execute();
      const { trimmedFromLeases } = await edit((ctx) => changeCapacity(ctx, 's1', 3));
      expect(trimmedFromLeases).toBe(1);
      expect(await seats()).toEqual({ capacity: 3, seats_taken: 0, leased: 3 });
      const after = await db.selectFrom('leases').select(['id', 'seats', 'version']).execute();
      // One lease lost one seat and goes out again to its kiosk; the other is untouched.
      expect(after.map((l) => l.seats).sort()).toEqual([1, 2]);
      const changed = after.filter((l) => l.version !== before.find((b) => b.id === l.id)?.version);
      expect(changed).toHaveLength(1);
      await invariant();
    });

    it('moving keeps the registrants and moves the leases’ end with the start', async () => {
      const kiosk = crypto.randomUUID();
      await grantLeases(db, { clientId: kiosk, branchId: 'br-a', now: NOW, policy });
      await register('Ana');
      const later = '2026-11-28T14:00:00.000Z';
      await edit((ctx) => moveSession(ctx, 's1', later, '2026-11-28T16:00:00.000Z'));
      expect(await statuses()).toEqual({ Ana: 'confirmed' });
      const lease = await db.selectFrom('leases').selectAll().executeTakeFirstOrThrow();
      expect(lease).toMatchObject({ status: 'active', expires_at: later });
      // Moved to a time already past (a correction): the leases end and give seats back.
      await edit((ctx) =>
        moveSession(ctx, 's1', '2026-11-25T14:00:00.000Z', '2026-11-25T16:00:00.000Z')
      );
      expect(
        (await db.selectFrom('leases').select('status').executeTakeFirstOrThrow()).status
      ).toBe('expired');
      expect((await seats()).leased).toBe(0);
      const bad = await edit((ctx) => moveSession(ctx, 's1', later, later)).catch(
        (e: unknown) => e
      );
      expect(bad).toMatchObject({ reason: 'bad_times' });
      await invariant();
    });

    it.skipIf(backend.name !== 'SQLite')(
      'any mix of registrations, leases and capacity edits keeps the invariant',
      async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.array(
              fc.oneof(
                fc.record({ kind: fc.constant('register' as const) }),
                fc.record({ kind: fc.constant('lease' as const) }),
                fc.record({ kind: fc.constant('capacity' as const), to: fc.nat(8) })
              ),
              { maxLength: 12 }
            ),
            async (steps) => {
              await db.deleteFrom('registrations').execute();
              await db.deleteFrom('leases').execute();
              await db
                .updateTable('sessions')
                .set({ capacity: 4, seats_taken: 0, leased: 0 })
                .execute();
              const confirmedEver = new Set<string>();
              for (const step of steps) {
                if (step.kind === 'register') await register(`P${wall}`);
                else if (step.kind === 'lease') {
                  const id = crypto.randomUUID();
                  await grantLeases(db, { clientId: id, branchId: 'br-a', now: NOW, policy });
                } else {
                  await edit((ctx) => changeCapacity(ctx, 's1', step.to)).catch((e: unknown) => {
                    if (!(e instanceof MutationRejected)) throw e;
                  });
                }
                await invariant();
                const rows = await db
                  .selectFrom('registrations')
                  .select(['id', 'status'])
                  .execute();
                for (const r of rows) {
                  if (r.status === 'confirmed') confirmedEver.add(r.id);
                  // Nobody who was confirmed loses the seat to an edit.
                  else if (confirmedEver.has(r.id)) return false;
                }
              }
              return true;
            }
          ),
          { numRuns: 40 }
        );
      }
    );
  });
}

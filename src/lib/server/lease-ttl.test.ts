/**
 * Seat leases a silent kiosk holds go back after a TTL; its pulls renew them (DESIGN §5,
 * issue 8). Runs on SQLite and on the test PostgreSQL (skipped with a warning when down).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enrol } from '../client/credential';
import { ParqueDb } from '../client/db';
import { pullAll } from '../client/sync/pull';
import { requestLeases } from '../client/sync/leases';
import type { LeasePolicy } from '../domain/lease';
import type { Mutation } from '../domain/mutation';
import { inProcessServer } from '../test/in-process-server';
import { createEnrolment } from './auth/devices';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from './catalogue';
import {
  currentVersion,
  migrate,
  migratorFor,
  openDb,
  writeTransaction,
  type Db
} from './db/index';
import {
  expireSilentLeases,
  expireSilentLeasesIn,
  grantLeases,
  renewLeases,
  startLeaseSweeper,
  SWEEP_INTERVAL_MS
} from './leases';
import { push } from './sync/push';
import { branch, category, registerArgs, session, stampAt, workshop } from './test/factories';
import { postgresUnreachable, tempSchema, TEST_DATABASE_URL } from './test/postgres';

const HOUR = 3_600_000;
const NOW = new Date('2026-11-25T15:00:00.000Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);
/** Three days ahead: well after a day's TTL, within the grant horizon. */
const START = '2026-11-28T14:00:00.000Z';
const KIOSK = '11111111-2222-4333-8444-555555555555';
const OTHER = '22222222-3333-4444-8555-666666666666';
const policy: LeasePolicy = { seatsPerKiosk: 2, reserveShare: 0.3, horizonDays: 7, ttlHours: 24 };

interface Store {
  /** The database, not yet migrated. */
  db: Db;
  /** Another app instance's handle on the same data (SQLite: the same handle, see below). */
  another: () => Db;
  cleanup: () => Promise<void>;
}

const pgProblem = await postgresUnreachable();
if (pgProblem) {
  console.warn(`PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${pgProblem}): skipped.`);
}

const backends: { name: string; skip: boolean; open: () => Promise<Store> }[] = [
  {
    name: 'SQLite',
    skip: false,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'parque-ttl-'));
      const db = openDb({ sqlitePath: join(dir, 'test.db') });
      return {
        db,
        // Two better-sqlite3 connections in one process would block each other's thread on
        // the write lock; instances of the app on SQLite are one process each. Calls on one
        // handle still interleave between their statements.
        another: () => db,
        cleanup: async () => {
          await db.destroy();
          rmSync(dir, { recursive: true, force: true });
        }
      };
    }
  },
  {
    name: 'PostgreSQL',
    skip: pgProblem !== null,
    open: async () => {
      const schema = await tempSchema('lease_ttl');
      const url = new URL(TEST_DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${schema.name}`);
      const handles: Db[] = [];
      const open = () => {
        const db = openDb({ databaseUrl: url.toString(), sqlitePath: '/nonexistent' });
        handles.push(db);
        return db;
      };
      return {
        db: open(),
        another: open,
        cleanup: async () => {
          for (const h of handles) await h.destroy();
          await schema.drop();
        }
      };
    }
  }
];

describe.each(backends)('lease TTL on $name', ({ skip, open }) => {
  let store: Store;
  let db: Db;
  let n = 0;

  beforeEach(async () => {
    if (skip) return;
    store = await open();
    db = store.db;
    await migrate(db);
    await writeTransaction(db, async (trx, v) => {
      await saveBranches(trx, v, [branch('br-a')]);
      await saveCategories(trx, 'categories', v, [category('cat-1')]);
      await saveCategories(trx, 'audiences', v, [category('aud-1')]);
      await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
      await saveSessions(trx, v, [
        session('s1', 'w1', 'br-a', { capacity: 4, startsAt: START }),
        session('s2', 'w1', 'br-a', { capacity: 10, startsAt: START })
      ]);
    });
    n = 0;
  });
  afterEach(async () => {
    if (!skip) await store.cleanup();
  });

  const seats = async (id = 's1') =>
    db
      .selectFrom('sessions')
      .select(['seats_taken', 'leased', 'capacity'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const leaseOf = (clientId: string, sessionId = 's1') =>
    db
      .selectFrom('leases')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('session_id', '=', sessionId)
      .executeTakeFirstOrThrow();
  const grant = (clientId: string, now: Date) =>
    grantLeases(db, { clientId, branchId: 'br-a', now, policy });
  /** One registration from a device of its own (a phone) or from `clientId`. */
  const register = async (
    sessionId: string,
    opts: { clientId?: string; leaseId?: string; wall?: number; now?: Date } = {}
  ) => {
    const args = registerArgs(sessionId, opts.leaseId ? { leaseId: opts.leaseId } : {});
    const m: Mutation = {
      id: opts.clientId ? ++n : 1,
      name: 'registerAttendee',
      args,
      at: stampAt(opts.wall ?? NOW.getTime(), 'dev')
    };
    await push(
      db,
      {
        clientId: opts.clientId ?? crypto.randomUUID(),
        branchId: 'br-a',
        pendingCount: 0,
        mutations: [m]
      },
      () => opts.now ?? NOW
    );
    return args.registrationId;
  };
  const statusOf = async (id: string) =>
    db
      .selectFrom('registrations')
      .select(['status', 'position'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it.skipIf(skip)(
    'a registration after the TTL gets the silent kiosk’s seat at once (no wait for the sweep)',
    async () => {
      expect(await grant(KIOSK, NOW)).toBe(4);
      // capacity 4, 2 leased: two phones fill the pool, a third would wait.
      await register('s1');
      await register('s1');
      const later = at(25);
      const third = await register('s1', { wall: later.getTime(), now: later });
      expect(await statusOf(third)).toEqual({ status: 'confirmed', position: null });
      expect((await leaseOf(KIOSK)).status).toBe('expired');
      // The kiosk's lease on the other session waits for the sweep (or its own session).
      expect((await leaseOf(KIOSK, 's2')).status).toBe('active');
    }
  );

  it.skipIf(skip)(
    'a kiosk that stops pulling gives its unused seats back after the TTL; the first waiting is promoted',
    async () => {
      expect(await grant(KIOSK, NOW)).toBe(4); // 2 seats of s1 and 2 of s2
      const lease = await leaseOf(KIOSK);
      expect(lease.renew_by).toBe(at(24).toISOString());
      // The kiosk spends one seat (pushed); two phones take the pool; two more wait.
      await register('s1', { clientId: KIOSK, leaseId: lease.id });
      await register('s1');
      await register('s1');
      const first = await register('s1', { wall: NOW.getTime() + 1 });
      const second = await register('s1', { wall: NOW.getTime() + 2 });
      expect(await statusOf(first)).toEqual({ status: 'waitlisted', position: 1 });
      expect(await seats()).toEqual({ seats_taken: 3, leased: 1, capacity: 4 });

      // Within the TTL nothing moves.
      expect(await expireSilentLeases(db, at(23))).toBe(0);
      expect((await leaseOf(KIOSK)).status).toBe('active');
      // A day of silence: the unused seat goes to the first person waiting.
      const returned = await expireSilentLeases(db, at(24.001));
      expect(returned).toBe(1 + (await leaseOf(KIOSK, 's2')).seats);
      expect(await statusOf(first)).toEqual({ status: 'confirmed', position: null });
      expect(await statusOf(second)).toEqual({ status: 'waitlisted', position: 1 });
      expect(await seats()).toEqual({ seats_taken: 4, leased: 0, capacity: 4 });
      expect(await leaseOf(KIOSK)).toMatchObject({ status: 'expired', seats: 2, used: 1 });
      expect((await seats('s2')).leased).toBe(0);
      // Idempotent: again, nothing more comes back.
      expect(await expireSilentLeases(db, at(30))).toBe(0);
      expect(await seats()).toEqual({ seats_taken: 4, leased: 0, capacity: 4 });
    }
  );

  it.skipIf(skip)(
    "another kiosk's lease request takes back the silent kiosk's seats first",
    async () => {
      await grant(KIOSK, NOW);
      await register('s1');
      await register('s1');
      const waiting = await register('s1');
      expect(await statusOf(waiting)).toMatchObject({ status: 'waitlisted' });
      // A day later another kiosk of the park asks for seats.
      await grant(OTHER, at(25));
      expect((await leaseOf(KIOSK)).status).toBe('expired');
      expect(await statusOf(waiting)).toEqual({ status: 'confirmed', position: null });
      // One seat is left in the pool, inside the reserve: no lease for the other kiosk.
      expect(await seats()).toEqual({ seats_taken: 3, leased: 0, capacity: 4 });
    }
  );

  it.skipIf(skip)(
    'a kiosk that pulls keeps its lease: renewBy moves on, and early pulls write nothing',
    async () => {
      await grant(KIOSK, NOW);
      const granted = await leaseOf(KIOSK);
      const before = await currentVersion(db);
      // Within the first half of the TTL a pull only reads: no version is taken.
      expect(await renewLeases(db, KIOSK, at(1), policy)).toBe(0);
      expect(await renewLeases(db, KIOSK, at(11.9), policy)).toBe(0);
      expect(await currentVersion(db)).toEqual(before);
      expect(await leaseOf(KIOSK)).toEqual(granted);
      // Past half the TTL the pull renews both leases, in one new version.
      expect(await renewLeases(db, KIOSK, at(13), policy)).toBe(2);
      const renewed = await leaseOf(KIOSK);
      expect(renewed.renew_by).toBe(at(37).toISOString());
      expect(Number(renewed.version)).toBe(before.version + 1);
      expect((await currentVersion(db)).version).toBe(before.version + 1);
      // The first renewBy passes: the lease stays.
      expect(await expireSilentLeases(db, at(25))).toBe(0);
      expect(await leaseOf(KIOSK)).toMatchObject({ status: 'active', seats: 2 });
      expect(await seats()).toMatchObject({ leased: 2 });
      // Another kiosk's renewal is not this one's: it expires at its own renewBy.
      expect(await renewLeases(db, OTHER, at(36), policy)).toBe(0);
      expect(await expireSilentLeases(db, at(37.001))).toBe(4);
    }
  );

  it.skipIf(skip)(
    'asking for leases renews them too, even past renewBy if not yet taken back',
    async () => {
      await grant(KIOSK, NOW);
      expect(await grant(KIOSK, at(5))).toBe(0);
      expect((await leaseOf(KIOSK)).renew_by).toBe(at(24).toISOString());
      // The kiosk was away a little over a day, and the sweep has not run: its seats are
      // still its own, so asking renews them rather than giving them away.
      await grant(KIOSK, at(25));
      expect(await leaseOf(KIOSK)).toMatchObject({
        status: 'active',
        seats: 2,
        renew_by: at(49).toISOString()
      });
      expect(await expireSilentLeases(db, at(26))).toBe(0);
    }
  );

  it.skipIf(skip)(
    'a spend stamped before renewBy is confirmed: on the active lease, or from the pool after the sweep',
    async () => {
      await grant(KIOSK, NOW);
      const lease = await leaseOf(KIOSK);
      // Made offline at hour 20, pushed at hour 25 before any sweep: the lease still holds it.
      const early = await register('s1', {
        clientId: KIOSK,
        leaseId: lease.id,
        wall: at(20).getTime(),
        now: at(25)
      });
      expect(await statusOf(early)).toMatchObject({ status: 'confirmed' });
      expect(await seats()).toEqual({ seats_taken: 1, leased: 1, capacity: 4 });
      // The sweep takes the other seat back; a second offline spend arrives later and is
      // confirmed from the pool, where seats are left.
      expect(await expireSilentLeases(db, at(25))).toBe(1 + 2); // s1's last seat, s2's two
      const late = await register('s1', {
        clientId: KIOSK,
        leaseId: lease.id,
        wall: at(21).getTime(),
        now: at(26)
      });
      expect(await statusOf(late)).toMatchObject({ status: 'confirmed' });
      expect(await seats()).toEqual({ seats_taken: 2, leased: 0, capacity: 4 });
    }
  );

  it.skipIf(skip)(
    'inside a transaction, for one session, sparing the device that is pushing',
    async () => {
      await grant(KIOSK, NOW);
      await grant(OTHER, NOW); // s2 only: s1's pool is down to its reserve
      const expire = (scope: Parameters<typeof expireSilentLeasesIn>[3]) =>
        writeTransaction(db, (trx, v) => expireSilentLeasesIn(trx, v, at(25), scope));
      expect(await expire({ sessionId: 's1', exceptClientId: KIOSK })).toBe(0);
      expect((await leaseOf(KIOSK)).status).toBe('active');
      expect(await expire({ sessionId: 's2', exceptClientId: KIOSK })).toBe(2);
      expect((await leaseOf(OTHER, 's2')).status).toBe('expired');
      expect((await leaseOf(KIOSK, 's2')).status).toBe('active');
      expect(await expire({ sessionId: 's1' })).toBe(2);
      expect(await seats()).toMatchObject({ leased: 0 });
    }
  );

  it.skipIf(skip)(
    'sweeps running at once return each seat once; the seat counts stay whole',
    async () => {
      // Three kiosks hold 2 seats of s2 each (reserve 3 of 10); phones take the rest of the
      // pool and three people wait.
      for (const k of [KIOSK, OTHER, crypto.randomUUID()]) await grant(k, NOW);
      expect(await seats('s2')).toEqual({ seats_taken: 0, leased: 6, capacity: 10 });
      for (let i = 0; i < 7; i++) await register('s2', { wall: NOW.getTime() + i });
      expect(await seats('s2')).toEqual({ seats_taken: 4, leased: 6, capacity: 10 });
      const heldS1 = (await seats('s1')).leased;

      const later = at(24.5);
      const results = await Promise.all([
        expireSilentLeases(db, later),
        expireSilentLeases(store.another(), later),
        expireSilentLeases(store.another(), later),
        expireSilentLeases(db, later)
      ]);
      expect(results.reduce((a, b) => a + b, 0)).toBe(6 + heldS1);
      for (const id of ['s1', 's2']) {
        const s = await seats(id);
        const confirmed = await db
          .selectFrom('registrations')
          .select('id')
          .where('session_id', '=', id)
          .where('status', '=', 'confirmed')
          .execute();
        expect(s.leased).toBe(0);
        expect(s.seats_taken).toBe(confirmed.length);
        expect(s.capacity - s.seats_taken - s.leased).toBeGreaterThanOrEqual(0);
      }
      // The three waiting got the returned seats.
      expect(await seats('s2')).toEqual({ seats_taken: 7, leased: 0, capacity: 10 });
      expect(
        await db.selectFrom('leases').select('id').where('status', '=', 'active').execute()
      ).toEqual([]);
    }
  );

  it.skipIf(skip)("a kiosk's pull renews its leases and brings it the new renewBy", async () => {
    let clock = NOW;
    const net = inProcessServer(db, () => clock);
    net.leasePolicy = policy;
    const kiosk = new ParqueDb(`ttl-kiosk-${crypto.randomUUID()}`, {
      indexedDB: new IDBFactory(),
      IDBKeyRange
    });
    try {
      const { code } = await createEnrolment(
        db,
        { branchId: 'br-a', kind: 'kiosk', staffId: 'test-librarian' },
        NOW
      );
      await enrol(kiosk, code, net.fetch);
      await requestLeases(kiosk, 'br-a', net.fetch);
      await pullAll(kiosk, 'br-a', net.fetch);
      const held = async () =>
        (await kiosk.leases.toArray()).find((l) => l.sessionId === 's1')?.renewBy;
      expect(await held()).toBe(at(24).toISOString());
      // Pulls only (no lease request) past half the TTL renew the lease.
      clock = at(13);
      await pullAll(kiosk, 'br-a', net.fetch);
      expect(await held()).toBe(at(37).toISOString());
      clock = at(30);
      expect(await expireSilentLeases(db, clock)).toBe(0);
    } finally {
      await kiosk.delete();
    }
  });

  it.skipIf(skip)(
    'the migration gives leases already held a renewBy and sends them again',
    async () => {
      // A database at the previous migration, with one lease held and one returned.
      await store.cleanup();
      store = await open();
      db = store.db;
      const migrator = await migratorFor(db);
      const to = await migrator.migrateTo('0006_trust');
      expect(to.error).toBeUndefined();
      const row = (id: string, status: string) => ({
        id,
        session_id: 's1',
        client_id: KIOSK,
        branch_id: 'br-a',
        seats: 2,
        used: 0,
        status,
        expires_at: START,
        version: 0
      });
      // The table has no renew_by yet; the typed builder would insist on one.
      await (db as unknown as Db)
        .insertInto('leases')
        .values([row('held', 'active'), row('gone', 'returned')] as never)
        .execute();
      const startedAt = Date.now();
      await migrate(db);
      const leases = await db.selectFrom('leases').selectAll().orderBy('id').execute();
      const version = (await currentVersion(db)).version;
      const [gone, held] = leases;
      expect(gone).toMatchObject({ renew_by: START, version: 0 });
      expect(Number(held!.version)).toBe(version);
      expect(version).toBeGreaterThan(0);
      const renewBy = Date.parse(held!.renew_by);
      expect(renewBy).toBeGreaterThanOrEqual(startedAt + 24 * HOUR - 1000);
      expect(renewBy).toBeLessThanOrEqual(Date.now() + 24 * HOUR);
    }
  );
});

describe('the lease sweeper', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sweeps at start and every few minutes until stopped, without holding the process', async () => {
    vi.useFakeTimers();
    const getDb = vi.fn(() => Promise.reject(new Error('down')));
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const stop = startLeaseSweeper(getDb);
    expect(getDb).toHaveBeenCalledTimes(1);
    const timer = setInterval.mock.results[0]?.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    await vi.advanceTimersByTimeAsync(SWEEP_INTERVAL_MS);
    expect(getDb).toHaveBeenCalledTimes(2);
    // A failed sweep is logged and tried again at the next tick.
    expect(log).toHaveBeenCalledWith('lease sweep failed:', 'down');
    stop();
    await vi.advanceTimersByTimeAsync(3 * SWEEP_INTERVAL_MS);
    expect(getDb).toHaveBeenCalledTimes(2);
    log.mockRestore();
    setInterval.mockRestore();
  });
});

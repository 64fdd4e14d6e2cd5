/**
 * writeTransaction retries what another transaction caused (serialization failures,
 * deadlocks, unique races, a busy SQLite lock) and nothing else; and many devices pushing to
 * one session at once, through two app instances, on each backend: exactly `capacity`
 * confirmed, the rest waitlisted, no error, no mutation lost or applied twice.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation, PushResponse } from '../../domain/mutation';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { MutationRejected } from '../mutators/context';
import { push, PushError } from '../sync/push';
import {
  branch,
  category,
  openTestDb,
  registerArgs,
  session,
  stampAt,
  workshop
} from '../test/factories';
import {
  currentVersion,
  isTransientWriteError,
  WRITE_ATTEMPTS,
  writeTransaction,
  type Db
} from './index';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const START = '2026-11-26T14:00:00.000Z';
const DEVICES = 24;

/** An error shaped as pg's DatabaseError (or better-sqlite3's SqliteError) with that code. */
const dbError = (code: string) => Object.assign(new Error(`database error ${code}`), { code });

describe('isTransientWriteError', () => {
  it('is true for serialization failures, deadlocks, unique races and a busy SQLite', () => {
    for (const code of ['40001', '40P01', '23505', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']) {
      expect(isTransientWriteError(dbError(code)), code).toBe(true);
    }
  });
  it('is false for refusals, other database errors and non-errors', () => {
    expect(isTransientWriteError(new MutationRejected('full'))).toBe(false);
    expect(isTransientWriteError(new PushError(409, 'identity_conflict', 'x'))).toBe(false);
    expect(isTransientWriteError(dbError('22012'))).toBe(false);
    expect(isTransientWriteError(dbError('SQLITE_CONSTRAINT_FOREIGNKEY'))).toBe(false);
    expect(isTransientWriteError({ code: '40001' })).toBe(false);
  });
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`writeTransaction retries (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const branchCount = async () => (await db.selectFrom('branches').select('id').execute()).length;

    it('runs a transaction again after a transient failure; the failed try leaves nothing', async () => {
      const before = (await currentVersion(db)).version;
      let tries = 0;
      const result = await writeTransaction(db, async (trx, v) => {
        tries++;
        await saveBranches(trx, v, [branch(`br-${tries}`)]);
        if (tries < 3) throw dbError(tries === 1 ? '40001' : '40P01');
        return v;
      });
      expect(tries).toBe(3);
      // Only the last try's version and row remain.
      expect(result).toBe(before + 1);
      expect((await currentVersion(db)).version).toBe(before + 1);
      expect(await db.selectFrom('branches').select('id').execute()).toEqual([{ id: 'br-3' }]);
    });

    it('gives up after a bounded number of tries and throws the error', async () => {
      let tries = 0;
      const run = writeTransaction(db, async (trx, v) => {
        tries++;
        await saveBranches(trx, v, [branch(`br-${tries}`)]);
        throw dbError('40001');
      });
      await expect(run).rejects.toMatchObject({ code: '40001' });
      expect(tries).toBe(WRITE_ATTEMPTS);
      expect(await branchCount()).toBe(0);
    });

    it('never retries a refusal or another error', async () => {
      for (const error of [
        new MutationRejected('full'),
        new PushError(409, 'identity_conflict', 'another device'),
        dbError('22012')
      ]) {
        let tries = 0;
        const run = writeTransaction(db, async (trx, v) => {
          tries++;
          await saveBranches(trx, v, [branch('br-x')]);
          throw error;
        });
        await expect(run).rejects.toBe(error);
        expect(tries).toBe(1);
      }
      expect(await branchCount()).toBe(0);
    });
  });

  describe.skipIf(backend.skip || backend.name !== 'PostgreSQL')(
    'a real deadlock on PostgreSQL',
    () => {
      let t: TestDatabase;
      let other: pg.Client;

      beforeEach(async () => {
        t = await backend.open();
        await writeTransaction(t.db, (trx, v) => saveBranches(trx, v, [branch('br-a')]));
        other = new pg.Client({ connectionString: t.path });
        await other.connect();
      });
      afterEach(async () => {
        await other.end();
        await t.cleanup();
      });

      it('the write transaction PostgreSQL aborts (40P01) runs again and commits', async () => {
        // Another transaction (a tool, a job outside writeTransaction) holds a park's row
        // and will want sync_state; it waits first and checks for deadlocks late, so the
        // write transaction, which closes the cycle, is the one PostgreSQL aborts.
        await other.query('begin');
        await other.query(`set local deadlock_timeout = '20s'`);
        await other.query(`update branches set name = 'Otra' where id = 'br-a'`);
        const otherPid = (await other.query<{ pid: number }>('select pg_backend_pid() as pid'))
          .rows[0]!.pid;

        let hasVersion!: () => void;
        const versionTaken = new Promise<void>((r) => (hasVersion = r));
        let openGate!: () => void;
        const gate = new Promise<void>((r) => (openGate = r));
        const errors: unknown[] = [];
        let tries = 0;
        const write = writeTransaction(t.db, async (trx, v) => {
          tries++;
          if (tries === 1) {
            hasVersion();
            await gate;
          }
          await trx
            .updateTable('branches')
            .set({ name: 'Renamed' })
            .where('id', '=', 'br-a')
            .execute();
          return v;
        }).catch((e: unknown) => {
          errors.push(e);
          throw e;
        });

        await versionTaken;
        // The other transaction now waits for sync_state, which the write holds…
        const otherWaits = other.query('update sync_state set version = version where id = 1');
        const blocked = async () =>
          (
            await sql<{
              n: number;
            }>`select cardinality(pg_blocking_pids(${otherPid}::int)) as n`.execute(t.db)
          ).rows[0]!.n > 0;
        while (!(await blocked())) await new Promise((r) => setTimeout(r, 10));
        // …and the write now waits for the park's row, which the other holds: a cycle.
        openGate();
        await otherWaits;
        await other.query('commit');

        const version = await write;
        expect(errors).toEqual([]);
        expect(tries).toBe(2);
        expect(version).toBe((await currentVersion(t.db)).version);
        const row = await t.db
          .selectFrom('branches')
          .select('name')
          .where('id', '=', 'br-a')
          .executeTakeFirstOrThrow();
        expect(row.name).toBe('Renamed');
      });
    }
  );

  describe.skipIf(backend.skip)(`concurrent pushes to one session (${backend.name})`, () => {
    let t: TestDatabase;
    let instances: Db[];

    beforeEach(async () => {
      t = await backend.open();
      // Two app instances on one database (PostgreSQL); SQLite is one process, one handle.
      instances = backend.name === 'PostgreSQL' ? [t.db, openTestDb(t.path)] : [t.db];
      await writeTransaction(t.db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
        await saveSessions(trx, v, [session('s1', 'w1', 'br-a', { capacity: 1, startsAt: START })]);
      });
    });
    afterEach(async () => {
      for (const other of instances.slice(1)) await other.destroy();
      await t.cleanup();
    });

    it(`${DEVICES} devices register at once, each pushing twice: exactly one confirmed`, async () => {
      const devices = Array.from({ length: DEVICES }, (_, i) => {
        const clientId = crypto.randomUUID();
        const args = registerArgs('s1', { name: `Persona ${i}` });
        const m: Mutation = {
          id: 1,
          name: 'registerAttendee',
          args,
          at: stampAt(NOW.getTime() - 60_000 + i * 1000, `kiosk-${i}`)
        };
        return { clientId, registrationId: args.registrationId, m };
      });
      // Every device's push, and an overlapping retry of it, all in flight together.
      const pushes = devices.flatMap((d, i) =>
        [0, 1].map((k) =>
          push(
            instances[(i + k) % instances.length]!,
            { clientId: d.clientId, branchId: 'br-a', pendingCount: 0, mutations: [d.m] },
            () => NOW
          )
        )
      );
      const settled = await Promise.allSettled(pushes);
      const failures = settled.filter((s) => s.status === 'rejected');
      expect(failures).toEqual([]);
      const responses = settled.map((s) => (s as PromiseFulfilledResult<PushResponse>).value);
      for (const r of responses) expect(r.lastMutationId).toBe(1);

      const db = t.db;
      const regs = await db
        .selectFrom('registrations')
        .select(['id', 'status'])
        .where('session_id', '=', 's1')
        .execute();
      // Every registration exists once; exactly capacity confirmed; the rest wait.
      expect(regs.map((r) => r.id).sort()).toEqual(devices.map((d) => d.registrationId).sort());
      expect(regs.filter((r) => r.status === 'confirmed')).toHaveLength(1);
      expect(regs.filter((r) => r.status === 'waitlisted')).toHaveLength(DEVICES - 1);
      const s1 = await db
        .selectFrom('sessions')
        .select(['seats_taken', 'leased', 'capacity'])
        .where('id', '=', 's1')
        .executeTakeFirstOrThrow();
      expect(s1).toEqual({ seats_taken: 1, leased: 0, capacity: 1 });
      // One outcome per device, none rejected, every counter advanced.
      const outcomes = await db
        .selectFrom('mutation_outcomes')
        .select(['client_id', 'status'])
        .execute();
      expect(outcomes.map((o) => o.client_id).sort()).toEqual(
        devices.map((d) => d.clientId).sort()
      );
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const clients = await db.selectFrom('clients').select('last_mutation_id').execute();
      expect(clients.map((c) => c.last_mutation_id)).toEqual(devices.map(() => 1));
    });
  });
}

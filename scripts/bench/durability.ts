/**
 * What `synchronous = FULL` costs against NORMAL (SQLite in WAL mode; docs/OPERATIONS.md,
 * "Durability"). NORMAL syncs only at checkpoints, so a power cut can lose the last
 * commits; FULL syncs the WAL at every commit. Both modes run in the same process on the
 * same disk, in alternating rounds (so a noisy neighbour hurts both alike), through the
 * real push (one write transaction per request):
 *  - one registration per push, as a kiosk sends it: the latency of a write transaction;
 *  - batches of 100 registrations: push throughput.
 * Run by `npm run bench` (or alone: npx tsx scripts/bench/durability.ts); prints a table
 * and writes bench-results/durability.json. BENCH_DURABILITY_DIR chooses the folder of the
 * database files (default data/, on the disk the app uses; not /tmp, which may be RAM).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeHlc } from '../../src/lib/domain/hlc';
import {
  saveBranches,
  saveCategories,
  saveSessions,
  saveWorkshops
} from '../../src/lib/server/catalogue';
import { migrate, openDb, writeTransaction, type Db } from '../../src/lib/server/db/index';
import { push } from '../../src/lib/server/sync/push';
import {
  branch,
  category,
  registerArgs,
  session,
  workshop
} from '../../src/lib/server/test/factories';
import { median, percentile, round } from './stats';

const MODES = ['NORMAL', 'FULL'] as const;
type Mode = (typeof MODES)[number];
const ROUNDS = 5;
const SINGLES_PER_ROUND = 100;
const BATCHES_PER_ROUND = 10;
const BATCH = 100;
const SESSIONS = 500;
let sessionCounter = 0;
const nextSession = () => `s${sessionCounter++ % SESSIONS}`;
const DIR = process.env.BENCH_DURABILITY_DIR ?? 'data';

interface Figures {
  latencies: number[];
  batchSeconds: number;
  batchMutations: number;
}

let stampCounter = 0;
const stamp = () => encodeHlc({ wall: Date.now(), counter: stampCounter++ % 1000, node: 'b' });

async function open(mode: Mode): Promise<{ db: Db; path: string }> {
  const path = join(DIR, `bench-durability-${mode.toLowerCase()}.db`);
  for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true });
  const db = openDb({ sqlitePath: path, synchronous: mode });
  await migrate(db);
  await writeTransaction(db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-bench')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-bench')]);
    // Many sessions, as a park has, so no one session's waitlist grows through the run.
    await saveSessions(
      trx,
      v,
      Array.from({ length: SESSIONS }, (_, i) =>
        session(`s${i}`, 'w1', 'br-bench', {
          capacity: 100,
          startsAt: new Date(Date.now() + 86_400_000).toISOString()
        })
      )
    );
  });
  return { db, path };
}

async function round1(db: Db, figures: Figures, next: { id: number }): Promise<void> {
  const clientId = 'kiosk-bench';
  for (let i = 0; i < SINGLES_PER_ROUND; i++) {
    const id = next.id++;
    const t0 = performance.now();
    await push(db, {
      clientId,
      branchId: 'br-bench',
      pendingCount: 1,
      mutations: [{ id, name: 'registerAttendee', args: registerArgs(nextSession()), at: stamp() }]
    });
    figures.latencies.push(performance.now() - t0);
  }
  const t0 = performance.now();
  for (let b = 0; b < BATCHES_PER_ROUND; b++) {
    const mutations = Array.from({ length: BATCH }, () => ({
      id: next.id++,
      name: 'registerAttendee',
      args: registerArgs(nextSession()),
      at: stamp()
    }));
    await push(db, { clientId, branchId: 'br-bench', pendingCount: BATCH, mutations });
  }
  figures.batchSeconds += (performance.now() - t0) / 1000;
  figures.batchMutations += BATCHES_PER_ROUND * BATCH;
}

async function main() {
  mkdirSync(DIR, { recursive: true });
  const dbs = {} as Record<Mode, { db: Db; path: string; next: { id: number } }>;
  const figures = {} as Record<Mode, Figures>;
  for (const mode of MODES) {
    dbs[mode] = { ...(await open(mode)), next: { id: 1 } };
    figures[mode] = { latencies: [], batchSeconds: 0, batchMutations: 0 };
  }
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which mode goes first, so neither always runs on a warmer disk.
    const order = r % 2 === 0 ? MODES : [...MODES].reverse();
    for (const mode of order) await round1(dbs[mode].db, figures[mode], dbs[mode].next);
  }
  const rows = MODES.map((mode) => {
    const f = figures[mode];
    return {
      mode,
      p50Ms: round(median(f.latencies), 2),
      p95Ms: round(percentile(f.latencies, 95), 2),
      mutationsPerSecond: Math.round(f.batchMutations / f.batchSeconds),
      singles: f.latencies.length,
      batched: f.batchMutations
    };
  });
  for (const mode of MODES) {
    await dbs[mode].db.destroy();
    const p = dbs[mode].path;
    for (const f of [p, `${p}-wal`, `${p}-shm`]) rmSync(f, { force: true });
  }
  console.log('');
  console.log(`SQLite durability (WAL; database files in ${DIR}/; ${ROUNDS} alternating rounds)`);
  console.log('synchronous | push of 1: p50 | p95      | push of 100s: mutations/s');
  for (const r of rows) {
    console.log(
      `${r.mode.padEnd(11)} | ${`${r.p50Ms} ms`.padStart(14)} | ${`${r.p95Ms} ms`.padEnd(8)} | ${r.mutationsPerSecond}`
    );
  }
  const [normal, full] = rows as [(typeof rows)[0], (typeof rows)[0]];
  console.log(
    `FULL costs ${round(full.p50Ms - normal.p50Ms, 2)} ms per write transaction (p50) and ` +
      `${Math.round((1 - full.mutationsPerSecond / normal.mutationsPerSecond) * 100)} % of batched throughput.`
  );
  mkdirSync('bench-results', { recursive: true });
  writeFileSync(
    join('bench-results', 'durability.json'),
    `${JSON.stringify({ at: new Date().toISOString(), dir: DIR, rows }, null, 2)}\n`
  );
}

await main();

/**
 * Write-path benchmarks against the production build on a real SQLite file:
 *  - push throughput: 10,000 registrations from 10 simulated kiosks pushing concurrently
 *    in batches of 100 (target ≥ 2,000 mutations per second);
 *  - one registration's round trip on localhost: push it, then the pull that brings back
 *    its confirmation (target median < 50 ms).
 * Run by `npm run bench` after the browser benchmarks; prints a table and writes
 * bench-results/push.json.
 */
import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeHlc } from '../../src/lib/domain/hlc';
import { newTicketCode, PRIVACY_NOTICE_VERSION } from '../../src/lib/domain/registration';
import { createEnrolment, credentialHeader, enrolDevice } from '../../src/lib/server/auth/devices';
import { openDb } from '../../src/lib/server/db/index';
import { BENCH_BRANCH_ID } from './config';
import { removeSnapshot, seedFreshDb, snapshotBuild, startServer } from './server';
import { median, percentile, round } from './stats';

const KIOSKS = 10;
const PER_KIOSK = 1000;
const BATCH = 100;
const ROUND_TRIPS = 50;
const PORT = Number(process.env.BENCH_PUSH_PORT ?? 4301);
const DB = process.env.BENCH_PUSH_DB_PATH ?? join('data', 'bench-push.db');

const code = () => newTicketCode((n) => crypto.getRandomValues(new Uint8Array(n)));
let stampCounter = 0;
const stamp = (node: string) =>
  encodeHlc({ wall: Date.now(), counter: stampCounter++ % 1000, node });

function registration(sessionId: string, i: number) {
  return {
    registrationId: crypto.randomUUID(),
    sessionId,
    code: code(),
    name: `Persona de prueba ${i}`,
    consent: { noticeVersion: PRIVACY_NOTICE_VERSION, acceptedAt: new Date().toISOString() }
  };
}

async function main() {
  seedFreshDb(DB);
  const sqlite = new Database(DB, { readonly: true });
  const now = new Date().toISOString();
  const sessions = (
    sqlite
      .prepare(
        `select id from sessions where branch_id = ? and status = 'scheduled' and starts_at > ?`
      )
      .all(BENCH_BRANCH_ID, now) as { id: string }[]
  ).map((r) => r.id);
  const espana = sqlite
    .prepare(
      `select id from sessions where branch_id = 'br-espana' and status = 'scheduled' and starts_at > ? order by starts_at limit 1`
    )
    .get(now) as { id: string };
  sqlite.close();

  // Pushes and pulls need a device credential (the trust issue): enrolled kiosks, which
  // register for everyone who walks up and so have no per-device registration limit.
  const db = openDb({ sqlitePath: DB });
  const kioskAt = async (branchId: string) => {
    const { code } = await createEnrolment(db, { branchId, kind: 'kiosk', staffId: 'bench' });
    const issued = await enrolDevice(db, code);
    return { clientId: issued.deviceId, authorization: credentialHeader(issued) };
  };
  const credentials = [];
  for (let k = 0; k < KIOSKS; k++) credentials.push(await kioskAt(BENCH_BRANCH_ID));
  const roundTripKiosk = await kioskAt('br-espana');
  await db.destroy();

  const build = snapshotBuild('build', join('bench-results', 'build-push'));
  const server = await startServer(build, DB, PORT);
  try {
    const post = async (authorization: string, body: unknown) => {
      const res = await fetch(`${server.origin}/api/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify(body)
      });
      if (!res.ok) throw new Error(`push answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as { lastMutationId: number };
    };

    // 1. Throughput: each kiosk pushes its 1,000 registrations in order, kiosks in parallel.
    const kiosks = credentials.map((credential, k) => ({
      ...credential,
      mutations: Array.from({ length: PER_KIOSK }, (_, i) => ({
        id: i + 1,
        name: 'registerAttendee',
        args: registration(sessions[(k * PER_KIOSK + i) % sessions.length]!, i),
        at: stamp(`k${k}`)
      }))
    }));
    const t0 = performance.now();
    await Promise.all(
      kiosks.map(async (k) => {
        for (let i = 0; i < PER_KIOSK; i += BATCH) {
          const res = await post(k.authorization, {
            clientId: k.clientId,
            branchId: BENCH_BRANCH_ID,
            pendingCount: PER_KIOSK - i,
            mutations: k.mutations.slice(i, i + BATCH)
          });
          if (res.lastMutationId !== Math.min(i + BATCH, PER_KIOSK)) {
            throw new Error(`kiosk stopped at ${res.lastMutationId}`);
          }
        }
      })
    );
    const pushMs = performance.now() - t0;
    const perSecond = (KIOSKS * PER_KIOSK) / (pushMs / 1000);

    // 2. Round trip: a device that is up to date registers one person, pushes, and pulls
    //    the delta that says "confirmed".
    const { clientId, authorization } = roundTripKiosk;
    let cursor = '';
    for (;;) {
      const page = (await (
        await fetch(
          `${server.origin}/api/sync/pull?branch=br-espana&client=${clientId}&limit=5000${cursor ? `&cursor=${cursor}` : ''}`,
          { headers: { authorization } }
        )
      ).json()) as { cursor: string; more: boolean };
      cursor = encodeURIComponent(page.cursor);
      if (!page.more) break;
    }
    const trips: number[] = [];
    for (let i = 1; i <= ROUND_TRIPS; i++) {
      const args = registration(espana.id, i);
      const r0 = performance.now();
      await post(authorization, {
        clientId,
        branchId: 'br-espana',
        pendingCount: 1,
        mutations: [{ id: i, name: 'registerAttendee', args, at: stamp('rt') }]
      });
      const page = (await (
        await fetch(
          `${server.origin}/api/sync/pull?branch=br-espana&client=${clientId}&cursor=${cursor}`,
          { headers: { authorization } }
        )
      ).json()) as { cursor: string; changes: { registrations: { id: string; status: string }[] } };
      trips.push(performance.now() - r0);
      cursor = encodeURIComponent(page.cursor);
      const mine = page.changes.registrations.find((r) => r.id === args.registrationId);
      if (!mine || mine.status === 'pending') throw new Error('the pull did not bring the answer');
    }

    const results = {
      kiosks: KIOSKS,
      mutations: KIOSKS * PER_KIOSK,
      batch: BATCH,
      pushMs: round(pushMs, 0),
      mutationsPerSecond: round(perSecond, 0),
      roundTripMedianMs: round(median(trips), 1),
      roundTripP95Ms: round(percentile(trips, 95), 1)
    };
    mkdirSync('bench-results', { recursive: true });
    writeFileSync(join('bench-results', 'push.json'), `${JSON.stringify(results, null, 2)}\n`);
    const ok = (pass: boolean) => (pass ? 'PASS' : 'MISS');
    console.log('');
    console.log('Write path (production build, SQLite)');
    console.log(
      `  Push: ${results.mutations} registrations from ${KIOSKS} kiosks in batches of ${BATCH}: ${results.pushMs} ms → ${results.mutationsPerSecond} mutations/s (target ≥ 2000: ${ok(perSecond >= 2000)})`
    );
    console.log(
      `  Round trip (push one registration, pull its confirmation), ${ROUND_TRIPS} times: median ${results.roundTripMedianMs} ms, p95 ${results.roundTripP95Ms} ms (target median < 50: ${ok(median(trips) < 50)})`
    );
  } finally {
    await server.stop();
    removeSnapshot(build);
  }
}

await main();

/**
 * The benchmark proper (run by scripts/bench/run.js after the build): seeds a fresh
 * database, serves the production build, measures in headless Chromium and in Node, and
 * writes every figure as JSON to the path given with --out.
 *
 *   npx tsx scripts/bench/main.ts --out FILE [--runs N]
 *
 * Figures only: a missed target is reported, never an error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from '@playwright/test';
import {
  launchBrowser,
  measureHomeJs,
  measurePull,
  measureRawWrite,
  measureSearch,
  type HomeJsRun,
  type PullRun,
  type RawRun,
  type SearchRun
} from './browser';
import {
  BENCH_BRANCH_ID,
  BENCH_BRANCH_NAME,
  DESK,
  HOME_BRANCH_NAME,
  KB,
  keystrokes,
  SYNTHETIC,
  TARGETS
} from './config';
import { measureDesk, reportDesk, seedDesk, type DeskRun } from './desk';
import { benchFilter, type FilterBench } from './filter';
import { measurePrecache, type Precache } from './precache';
import {
  removeSnapshot,
  seedFreshDb,
  snapshotBuild,
  startServer,
  type BenchServer
} from './server';
import { median, percentile, round } from './stats';

export type Status = 'PASS' | 'MISS' | 'info';

export interface Metric {
  id: string;
  group: string;
  label: string;
  unit: string;
  value: number;
  runs?: number[];
  target?: string;
  status: Status;
}

export interface Check {
  ok: boolean;
  message: string;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const OUT = arg('--out') ?? 'bench-results/latest.json';
const RUNS = Math.max(1, Number(arg('--runs') ?? 3) || 3);
const PORT = Number(process.env.BENCH_PORT ?? 4300);
const DB_PATH = process.env.BENCH_DB_PATH ?? 'data/bench.db';

const metrics: Metric[] = [];
const checks: Check[] = [];

function check(ok: boolean, message: string): void {
  checks.push({ ok, message });
  if (!ok) console.warn(`  ! ${message}`);
}

/** A figure as the measuring modules hand it over: runs, and the target from config.ts. */
export type Figure = Omit<Metric, 'status' | 'target' | 'value' | 'runs'> & {
  runs: number[];
  value?: number;
  target?: { max: number; strict?: boolean };
  digits?: number;
};

function add(m: Figure): void {
  const digits = m.digits ?? 1;
  const value = round(m.value ?? median(m.runs), digits);
  let status: Status = 'info';
  let target: string | undefined;
  if (m.target) {
    const { max, strict } = m.target;
    const pass = Number.isFinite(value) && (strict ? value < max : value <= max);
    status = pass ? 'PASS' : 'MISS';
    target = `${strict ? '<' : '≤'} ${max}${m.unit === '×' ? '×' : ` ${m.unit}`}`;
  }
  metrics.push({
    id: m.id,
    group: m.group,
    label: m.label,
    unit: m.unit,
    value,
    runs: m.runs.map((r) => round(r, digits)),
    target,
    status
  });
}

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

async function main() {
  const started = new Date();
  const t0 = performance.now();
  const loadAtStart = loadavg();
  log(`${RUNS} run(s) per browser figure; server on port ${PORT}, database ${DB_PATH}`);

  log('filtering in Node (buildCatalogueIndex + filterCatalogue)');
  const filter = benchFilter();
  let server: BenchServer | undefined;
  let browser: Browser | undefined;
  let buildDir: string | undefined;
  const stopAll = async () => {
    const closing = browser?.close().catch(() => {});
    browser = undefined;
    // A browser that got the same Ctrl+C may never answer: do not wait for it forever.
    await Promise.race([closing, new Promise((r) => setTimeout(r, 5000).unref())]);
    await server?.stop();
    server = undefined;
    if (buildDir) removeSnapshot(buildDir);
    buildDir = undefined;
  };
  let stopping = false;
  const onSignal = (sig: NodeJS.Signals) => {
    // Ctrl+C reaches this process twice (from the terminal and from run.js): act once.
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping the browser and the server`);
    void stopAll().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const pulls: PullRun[] = [];
  const raws: RawRun[] = [];
  const searches: SearchRun[] = [];
  const homes: HomeJsRun[] = [];
  const desks: DeskRun[] = [];
  let chromiumVersion = '';
  let precache: Precache;
  let seedMs: number;
  try {
    buildDir = snapshotBuild();
    precache = measurePrecache(buildDir);
    log(`precache: ${precache.entries.length} entries`);

    log(`seeding ${DB_PATH} (demo + synthetic ${SYNTHETIC.workshops}:${SYNTHETIC.sessions})`);
    seedMs = seedFreshDb(DB_PATH);

    server = await startServer(buildDir, DB_PATH, PORT);
    log(`server up at ${server.origin}`);
    browser = await launchBrowser();
    chromiumVersion = browser.version();
    const benchName = new RegExp(BENCH_BRANCH_NAME);

    for (let i = 0; i < RUNS; i++) {
      log(`run ${i + 1}/${RUNS}: initial pull of ${BENCH_BRANCH_ID} through the UI`);
      const session = await measurePull(browser, server.origin, benchName, BENCH_BRANCH_ID);
      pulls.push(session.run);
      log(
        `  ${round(session.run.commitMs)} ms, ${session.run.pages} pages; search as you type on /workshops`
      );
      try {
        searches.push(await measureSearch(session.page, keystrokes()));
      } finally {
        await session.context.close();
      }
      log(`run ${i + 1}/${RUNS}: raw IndexedDB write of the same rows`);
      const raw = await measureRawWrite(browser, server.origin, BENCH_BRANCH_ID);
      raws.push(raw);
      log(`  ${round(raw.writeMs)} ms for ${raw.rows} rows`);
    }
    for (let i = 0; i < RUNS; i++) {
      log(`run ${i + 1}/${RUNS}: JavaScript loaded by the home page`);
      homes.push(await measureHomeJs(browser, server.origin, new RegExp(HOME_BRANCH_NAME)));
    }
    log(`desk: ${DESK.people} confirmed people today at ${DESK.branchId}`);
    const deskSeed = await seedDesk(DB_PATH);
    for (let i = 0; i < RUNS; i++) {
      log(`run ${i + 1}/${RUNS}: an enrolled desk, offline, opens the roster and checks all in`);
      const desk = await measureDesk(browser, server.origin, DB_PATH, deskSeed);
      desks.push(desk);
      log(
        `  check-in p95 ${round(
          percentile(
            desk.checkIns.map((c) => c.domMs),
            95
          )
        )} ms, roster ${round(median(desk.opens.map((o) => o.domMs)))} ms`
      );
    }
  } finally {
    await stopAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  report({ pulls, raws, searches, homes, filter, precache });
  reportDesk(desks, add, check);

  const results = {
    startedAt: started.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGB: round(totalmem() / 2 ** 30, 1),
      loadAverageStart: loadAtStart.map((l) => round(l, 2)),
      loadAverageEnd: loadavg().map((l) => round(l, 2)),
      platform: `${platform()} ${release()}`,
      node: process.version,
      chromium: chromiumVersion
    },
    config: {
      runs: RUNS,
      port: PORT,
      dbPath: DB_PATH,
      synthetic: SYNTHETIC,
      branch: BENCH_BRANCH_ID,
      queries: keystrokes().map((k) => k.at(-1)),
      seedMs: Math.round(seedMs),
      kb: KB
    },
    metrics,
    checks,
    details: { pulls, raws, searches, homes, filter, precache, desks }
  };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${OUT}`);
}

interface Measured {
  pulls: PullRun[];
  raws: RawRun[];
  searches: SearchRun[];
  homes: HomeJsRun[];
  filter: FilterBench;
  precache: Precache;
}

function report({ pulls, raws, searches, homes, filter, precache }: Measured): void {
  // 1. Initial pull
  const g1 = '1. Initial pull (br-bench)';
  add({
    id: 'pull.commitMs',
    group: g1,
    label: 'App: click park → last page committed to IndexedDB',
    unit: 'ms',
    runs: pulls.map((p) => p.commitMs),
    target: { max: TARGETS.pullMs, strict: true },
    digits: 0
  });
  add({
    id: 'pull.rawWriteMs',
    group: g1,
    label: 'Baseline: raw IndexedDB write, one transaction',
    unit: 'ms',
    runs: raws.map((r) => r.writeMs),
    digits: 0
  });
  add({
    id: 'pull.ratio',
    group: g1,
    label: 'App pull ÷ raw write (run by run)',
    unit: '×',
    runs: pulls.map((p, i) => p.commitMs / (raws[i]?.writeMs ?? Number.NaN)),
    target: { max: TARGETS.pullRatio },
    digits: 2
  });
  add({
    id: 'pull.uiMs',
    group: g1,
    label: 'App: click → status bar stops saying "sin sincronizar"',
    unit: 'ms',
    runs: pulls.map((p) => p.uiMs),
    digits: 0
  });
  add({
    id: 'pull.networkMs',
    group: g1,
    label: 'App: Σ network time of the pull requests',
    unit: 'ms',
    runs: pulls.map((p) => p.networkMs),
    digits: 0
  });
  add({
    id: 'pull.minusNetworkMs',
    group: g1,
    label: 'App: pull time minus network time',
    unit: 'ms',
    runs: pulls.map((p) => p.commitMs - p.networkMs),
    digits: 0
  });
  add({
    id: 'pull.txMs',
    group: g1,
    label: 'App: Σ read-write transaction time (Dexie)',
    unit: 'ms',
    runs: pulls.map((p) => p.txMs),
    digits: 0
  });
  add({
    id: 'pull.longTaskMs',
    group: g1,
    label: 'App: Σ long tasks on the main thread during the pull',
    unit: 'ms',
    runs: pulls.map((p) => p.longTaskMs),
    digits: 0
  });
  add({
    id: 'pull.longTaskMaxMs',
    group: g1,
    label: 'App: longest task during the pull',
    unit: 'ms',
    runs: pulls.map((p) => p.longTaskMaxMs),
    digits: 0
  });
  add({
    id: 'pull.pages',
    group: g1,
    label: 'App: HTTP pages pulled (/api/sync/pull)',
    unit: 'pages',
    runs: pulls.map((p) => p.pages),
    digits: 0
  });
  add({
    id: 'pull.mb',
    group: g1,
    label: 'App: JSON received',
    unit: 'MB',
    runs: pulls.map((p) => p.pullBytes / 2 ** 20),
    digits: 2
  });
  for (const [i, p] of pulls.entries()) {
    const c = p.counts;
    check(
      c.workshopsInBranch === SYNTHETIC.workshops && c.sessionsInBranch === SYNTHETIC.sessions,
      `pull run ${i + 1}: IndexedDB holds ${c.workshopsInBranch} workshops and ${c.sessionsInBranch} sessions for ${BENCH_BRANCH_ID} (expected ${SYNTHETIC.workshops} and ${SYNTHETIC.sessions})`
    );
    check(
      p.responses === p.pages,
      `pull run ${i + 1}: ${p.responses} /api/sync/pull responses seen by Playwright, ${p.pages} in resource timing`
    );
    check(
      Math.abs(p.pollMs - p.commitMs) < 100,
      `pull run ${i + 1}: the raw-IndexedDB poll saw lastSyncAt ${round(p.pollMs - p.commitMs)} ms after the commit`
    );
  }
  for (const [i, r] of raws.entries()) {
    const expected = SYNTHETIC.workshops + SYNTHETIC.sessions;
    check(
      r.rows >= expected,
      `raw run ${i + 1}: wrote ${r.rows} rows fetched in ${r.pages} pages of 5000 (≥ ${expected} expected)`
    );
  }

  // 2. Search as you type
  const g2 = '2. Search as you type (/workshops)';
  const work = searches.map((s) => s.keystrokes.map((k) => k.workMs));
  const frame = searches.map((s) => s.keystrokes.map((k) => k.frameMs));
  add({
    id: 'search.ui.workMedianMs',
    group: g2,
    label: `UI: keystroke → DOM updated + layout, median (${work[0]?.length ?? 0} keys/run)`,
    unit: 'ms',
    runs: work.map((w) => median(w))
  });
  add({
    id: 'search.ui.workP95Ms',
    group: g2,
    label: 'UI: keystroke → DOM updated + layout, p95',
    unit: 'ms',
    runs: work.map((w) => percentile(w, 95)),
    target: { max: TARGETS.keystrokeP95Ms, strict: true }
  });
  add({
    id: 'search.ui.frameMedianMs',
    group: g2,
    label: 'UI: keystroke → frame produced (2×rAF), median',
    unit: 'ms',
    runs: frame.map((w) => median(w))
  });
  add({
    id: 'search.ui.frameP95Ms',
    group: g2,
    label: 'UI: keystroke → frame produced (2×rAF), p95 [incl. vsync wait]',
    unit: 'ms',
    runs: frame.map((w) => percentile(w, 95))
  });
  add({
    id: 'search.ui.clearMs',
    group: g2,
    label: 'UI: clear the field (back to all 5000), work',
    unit: 'ms',
    runs: searches.map((s) => median(s.clearMs))
  });
  add({
    id: 'search.ui.openMs',
    group: g2,
    label: 'UI: open /workshops → first result card',
    unit: 'ms',
    runs: searches.map((s) => s.openMs),
    digits: 0
  });
  add({
    id: 'search.node.medianMs',
    group: g2,
    label: `Node: filterCatalogue per prefix, median (${filter.samplesMs.length} samples)`,
    unit: 'ms',
    runs: [median(filter.samplesMs)],
    digits: 2
  });
  add({
    id: 'search.node.p95Ms',
    group: g2,
    label: 'Node: filterCatalogue per prefix, p95',
    unit: 'ms',
    runs: [percentile(filter.samplesMs, 95)],
    digits: 2
  });
  add({
    id: 'search.node.buildMs',
    group: g2,
    label: 'Node: buildCatalogueIndex over 5000 workshops / 20000 sessions',
    unit: 'ms',
    runs: filter.buildMs,
    digits: 0
  });
  for (const [i, s] of searches.entries()) {
    const wrong = s.keystrokes.filter((k) => k.shown !== filter.hits[k.query]);
    check(
      wrong.length === 0,
      wrong.length === 0
        ? `search run ${i + 1}: after every keystroke the page showed the result count Node computes`
        : `search run ${i + 1}: ${wrong.length} keystrokes showed a count other than Node's, e.g. "${wrong[0]?.query}": ${wrong[0]?.shown} vs ${filter.hits[wrong[0]?.query ?? '']}`
    );
  }

  // 3. Bytes
  const g3 = '3. Bytes';
  add({
    id: 'bytes.homeJsGzKB',
    group: g3,
    label: `Home page JS, gzip -9 (${homes[0]?.files.length ?? 0} files, without the SW)`,
    unit: 'KB',
    runs: homes.map((h) => h.gzBytes / KB),
    target: { max: TARGETS.homeJsGzBytes / KB }
  });
  add({
    id: 'bytes.homeJsKB',
    group: g3,
    label: 'Home page JS, uncompressed',
    unit: 'KB',
    runs: homes.map((h) => h.bytes / KB)
  });
  add({
    id: 'bytes.swGzKB',
    group: g3,
    label: 'Service worker script, gzip -9',
    unit: 'KB',
    runs: homes.map((h) => (h.serviceWorker?.gzBytes ?? Number.NaN) / KB)
  });
  add({
    id: 'bytes.precacheKB',
    group: g3,
    label: `Precache, on disk (${precache.entries.length} entries)`,
    unit: 'KB',
    runs: [precache.bytes / KB],
    target: { max: TARGETS.precacheBytes / KB }
  });
  add({
    id: 'bytes.precacheGzKB',
    group: g3,
    label: 'Precache, gzip -9 (what goes over the wire)',
    unit: 'KB',
    runs: [precache.gzBytes / KB]
  });
  check(
    precache.missing.length === 0,
    precache.missing.length === 0
      ? `precache: all ${precache.entries.length} manifest entries found under build/`
      : `precache: no file under build/ for ${precache.missing.join(', ')}`
  );
  for (const [i, h] of homes.entries()) {
    check(h.serviceWorker !== null, `home run ${i + 1}: a service worker was registered`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exit(1);
});

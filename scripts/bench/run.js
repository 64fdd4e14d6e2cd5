#!/usr/bin/env node
// `npm run bench`: builds the app (unless --no-build), runs the benchmark in headless
// Chromium and Node (scripts/bench/main.ts), prints a summary table and writes every
// figure to bench-results/latest.json. Targets are informative: a miss exits 0; only a
// crash of the benchmark itself exits non-zero.
//
//   npm run bench [-- [--no-build] [--runs N]]
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const argv = process.argv.slice(2);
const noBuild = argv.includes('--no-build');
const runsAt = argv.indexOf('--runs');
const runs = runsAt === -1 ? undefined : argv[runsAt + 1];
const OUT_DIR = 'bench-results';
const OUT = join(OUT_DIR, 'latest.json');

const t0 = performance.now();

/** Runs a command; SIGINT/SIGTERM sent to this launcher are passed on, so the benchmark
 *  can stop its server and browser. Resolves with the exit code. */
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });
}

let buildMs = null;
if (!noBuild) {
  console.log('[bench] npx vite build --logLevel warn');
  const b0 = performance.now();
  const status = await run('npx', ['vite', 'build', '--logLevel', 'warn']);
  if (status !== 0) {
    console.error(`[bench] the build failed (exit ${status})`);
    process.exit(status);
  }
  buildMs = Math.round(performance.now() - b0);
}

const raw = join(tmpdir(), `parque-bench-${process.pid}.json`);
// tsx as a loader in one node process (no tsx CLI in between, which would turn a Ctrl+C
// that reaches both it and this launcher into a forced kill before the cleanup ran).
const benchArgs = ['--import', 'tsx', 'scripts/bench/main.ts', '--out', raw];
if (runs) benchArgs.push('--runs', runs);
const status = await run(process.execPath, benchArgs);
if (status !== 0) {
  console.error(`[bench] the benchmark crashed (exit ${status})`);
  rmSync(raw, { force: true });
  process.exit(status);
}

const results = JSON.parse(readFileSync(raw, 'utf8'));
rmSync(raw, { force: true });
results.buildMs = buildMs;
results.totalMs = Math.round(performance.now() - t0);
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(OUT, `${JSON.stringify(results, null, 2)}\n`);

// ---------------------------------------------------------------------------------------
// Summary table

function fmt(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  return unit === '×' ? `${value}×` : `${value} ${unit}`;
}

const rows = [['Figure', 'Median', 'Runs', 'Target', 'Status']];
const groups = [];
for (const m of results.metrics) {
  if (!groups.includes(m.group)) {
    groups.push(m.group);
    rows.push([m.group]);
  }
  rows.push([
    `  ${m.label}`,
    fmt(m.value, m.unit),
    (m.runs ?? []).join(' / '),
    m.target ?? '—',
    m.status === 'info' ? '' : m.status
  ]);
}
const widths = rows[0].map((_, i) =>
  Math.max(...rows.filter((r) => r.length > 1).map((r) => String(r[i]).length))
);
const line = widths.map((w) => '-'.repeat(w)).join('-+-');
const render = (r) =>
  r.length === 1
    ? r[0]
    : r
        .map((c, i) =>
          i === 0 || i === 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i])
        )
        .join(' | ');

const m = results.machine;
console.log('');
console.log('Parque benchmark');
console.log(`Machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, ${m.platform}`);
console.log(
  `Load average (1/5/15 min) at start ${m.loadAverageStart.join(' ')}, at end ${m.loadAverageEnd.join(' ')}`
);
if (Math.max(m.loadAverageStart[0], m.loadAverageEnd[0]) >= m.cpus * 0.75) {
  console.log('Note: other processes were competing for the CPUs; the timings are noisy.');
}
console.log(
  `Node ${m.node}, Chromium ${m.chromium}; ${results.config.runs} run(s) per browser figure`
);
console.log(
  `Catalogue: ${results.config.synthetic.workshops} workshops / ${results.config.synthetic.sessions} sessions in ${results.config.branch}; queries: ${results.config.queries.map((q) => `"${q}"`).join(', ')}`
);
console.log('');
console.log(render(rows[0]));
console.log(line);
for (const r of rows.slice(1)) console.log(render(r));
console.log(line);
console.log('KB = 1024 bytes. Runs: one figure per fresh browser context (p95 rows: per-run p95).');
console.log('2×rAF includes waiting for the next vsync (a floor of about one 16.7 ms frame).');

const failed = results.checks.filter((c) => !c.ok);
console.log('');
console.log(`Checks: ${results.checks.length - failed.length}/${results.checks.length} ok`);
for (const c of failed) console.log(`  ! ${c.message}`);

// The write path: push throughput and one registration's round trip.
const pushStatus = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/push.ts']);
if (pushStatus !== 0) {
  console.error(`[bench] the push benchmark crashed (exit ${pushStatus})`);
  process.exit(pushStatus);
}

// Durability: what synchronous = FULL costs against NORMAL, in the same run.
const durabilityStatus = await run(process.execPath, [
  '--import',
  'tsx',
  'scripts/bench/durability.ts'
]);
if (durabilityStatus !== 0) {
  console.error(`[bench] the durability benchmark crashed (exit ${durabilityStatus})`);
  process.exit(durabilityStatus);
}

// Courses: download efficiency and the first lesson on a slow line.
const coursesStatus = await run(process.execPath, ['--import', 'tsx', 'scripts/bench/courses.ts']);
if (coursesStatus !== 0) {
  console.error(`[bench] the course benchmark crashed (exit ${coursesStatus})`);
  process.exit(coursesStatus);
}

const misses = results.metrics.filter((x) => x.status === 'MISS');
const passes = results.metrics.filter((x) => x.status === 'PASS');
console.log(
  `Targets: ${passes.length} PASS, ${misses.length} MISS (informative only).` +
    ` Build ${buildMs === null ? 'skipped' : `${(buildMs / 1000).toFixed(1)} s`},` +
    ` total ${(results.totalMs / 1000).toFixed(1)} s. Written to ${OUT}.`
);

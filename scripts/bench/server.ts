/**
 * The server under test: a fresh SQLite file seeded with the demo catalogue plus the
 * synthetic park, served by the production build (`node build`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SYNTHETIC } from './config';

export interface BenchServer {
  origin: string;
  stop: () => Promise<void>;
  /** Dies at once, mid-response: the connection drops as when the network fails. */
  kill: () => Promise<void>;
}

/** Deletes the database (and its WAL files) and seeds it again; returns the seed time. */
export function seedFreshDb(dbPath: string): number {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(dbPath + suffix, { force: true });
  const t0 = performance.now();
  const r = spawnSync(
    'npx',
    ['tsx', 'scripts/seed.ts', '--synthetic', `${SYNTHETIC.workshops}:${SYNTHETIC.sessions}`],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PARQUE_DB_PATH: dbPath } }
  );
  if (r.status !== 0) throw new Error(`seeding ${dbPath} failed (exit ${r.status ?? r.signal})`);
  return performance.now() - t0;
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Copies the production build to a private folder and serves that copy, so a rebuild of
 * build/ by someone else (tests run on the same machine) cannot swap the assets under the
 * running benchmark. Node still resolves the server's dependencies from ./node_modules.
 */
let snapshot: string | undefined;

export function snapshotBuild(from = 'build', to = join('bench-results', 'build')): string {
  if (!existsSync(join(from, 'index.js'))) {
    throw new Error(`${from}/index.js is missing: run \`npx vite build\` (or drop --no-build)`);
  }
  rmSync(to, { recursive: true, force: true });
  snapshot = to;
  cpSync(from, to, { recursive: true });
  return to;
}

export function removeSnapshot(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

let running: ChildProcess | undefined;

// Last resort if the bench dies without reaching its `finally`.
process.on('exit', () => {
  if (running && running.exitCode === null) running.kill('SIGKILL');
  if (snapshot) rmSync(snapshot, { recursive: true, force: true });
});

export async function startServer(
  buildDir: string,
  dbPath: string,
  port: number
): Promise<BenchServer> {
  const origin = `http://127.0.0.1:${port}`;
  const probe = `${origin}/api/branches`;
  if (await answers(probe)) {
    throw new Error(`something already answers on port ${port}; stop it or set BENCH_PORT`);
  }
  const child = spawn('node', [buildDir], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PARQUE_DB_PATH: dbPath },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  running = child;
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `the server exited (code ${child.exitCode}) before answering (is build/ older than src/? drop --no-build):\n${output}`
      );
    }
    if (await answers(probe)) {
      const kill = async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGKILL');
        await exited;
      };
      return { origin, stop, kill };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer ${probe} within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

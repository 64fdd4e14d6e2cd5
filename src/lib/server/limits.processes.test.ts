/**
 * Limits hold across app instances (DESIGN §9): two separate Node processes, each with its
 * own connection, spend one shared budget, on one SQLite file and on PostgreSQL.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LIMITS, type LimitKind } from './limits';
import { postgresUnreachable, tempSchema, TEST_DATABASE_URL } from './test/postgres';

const CHILD = fileURLToPath(new URL('./limits.child.ts', import.meta.url));
const KIND: LimitKind = 'registration_address';
const BUDGET = LIMITS[KIND].points;

interface Child {
  proc: ChildProcessWithoutNullStreams;
  /** The child's next line on stdout (lines are queued, none is missed). */
  next: () => Promise<string>;
}

function startChild(args: Record<string, unknown>): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, PARQUE_LIMIT_FACTOR: '1', PARQUE_LIMITS_CHILD: JSON.stringify(args) }
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const queued: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  createInterface({ input: proc.stdout }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queued.push(line);
  });
  const exited = new Promise<never>((_, reject) =>
    proc.on('exit', (code) => reject(new Error(`child exited with ${code}: ${stderr}`)))
  );
  exited.catch(() => {});
  const next = () =>
    Promise.race([
      new Promise<string>((resolve) => {
        const line = queued.shift();
        if (line !== undefined) resolve(line);
        else waiting.push(resolve);
      }),
      exited
    ]);
  return { proc, next };
}

/**
 * Both processes open the store; then, step by step, both consume the same key at the same
 * moment (each step waits for both answers), trying the whole budget each.
 */
async function race(args: Record<string, unknown>) {
  const children = [0, 1].map(() => startChild({ ...args, kind: KIND, key: 'shared' }));
  try {
    for (const c of children) expect(await c.next()).toBe('ready');
    for (let step = 0; step < BUDGET; step++) {
      for (const c of children) c.proc.stdin.write('go\n');
      for (const c of children) expect(['ok', 'refused']).toContain(await c.next());
    }
    for (const c of children) c.proc.stdin.write('done\n');
    const results: { allowed: number; refused: number }[] = [];
    for (const c of children) results.push(JSON.parse(await c.next()) as (typeof results)[0]);
    return results;
  } finally {
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill();
  }
}

const pgProblem = await postgresUnreachable();
if (pgProblem) {
  console.warn(
    `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${pgProblem}): ` +
      'the two-process PostgreSQL rate-limit test is skipped.'
  );
}

describe('limits across two processes', () => {
  it('share one budget on one SQLite file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parque-limits-'));
    try {
      const results = await race({ sqlitePath: join(dir, 'app.db') });
      // Each process tried the whole budget: together they got exactly one budget.
      expect(results.reduce((n, r) => n + r.allowed, 0)).toBe(BUDGET);
      expect(results.reduce((n, r) => n + r.refused, 0)).toBe(BUDGET);
      // Every step raced two consumes; while two seats were left both won theirs.
      for (const r of results) expect(r.allowed).toBeGreaterThanOrEqual(Math.floor(BUDGET / 2));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it.skipIf(pgProblem !== null)('share one budget on PostgreSQL', async () => {
    const schema = await tempSchema('rl_procs');
    drops.push(schema.drop);
    const results = await race({ databaseUrl: TEST_DATABASE_URL, schema: schema.name });
    expect(results.reduce((n, r) => n + r.allowed, 0)).toBe(BUDGET);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBe(BUDGET);
    for (const r of results) expect(r.allowed).toBeGreaterThanOrEqual(Math.floor(BUDGET / 2));
  });
});

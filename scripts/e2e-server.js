#!/usr/bin/env node
// Starts the production build on a fresh database seeded with the demo catalogue, for
// the end-to-end tests. Never touches the database `npm start` uses.
import { rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// PARQUE_E2E_OFFSET_MS (see e2e-clock.js): the seed and the server run on the shifted clock.
if (process.env.PARQUE_E2E_OFFSET_MS) {
  const shim = fileURLToPath(new URL('./e2e-clock.js', import.meta.url));
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --import=${shim}`.trim();
}

const db = process.env.PARQUE_DB_PATH ?? 'data/e2e.db';
for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
process.env.PARQUE_CONTENT_DIR ??= 'data/e2e-content';
rmSync(process.env.PARQUE_CONTENT_DIR, { recursive: true, force: true });
const seeded = spawnSync('npx', ['tsx', 'scripts/seed.ts'], {
  stdio: 'inherit',
  env: { ...process.env, PARQUE_DB_PATH: db }
});
if (seeded.status !== 0) process.exit(seeded.status ?? 1);
const port = process.env.PORT ?? '4173';
const server = spawn('node', ['scripts/serve.js'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PARQUE_DB_PATH: db,
    ORIGIN: process.env.ORIGIN ?? `http://localhost:${port}`,
    // Every test device comes from 127.0.0.1: per-address budgets are scaled up here.
    PARQUE_LIMIT_FACTOR: process.env.PARQUE_LIMIT_FACTOR ?? '100'
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code) => process.exit(code ?? 0));

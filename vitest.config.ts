import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { postgresUnreachable, TEST_DATABASE_URL } from './src/lib/server/test/postgres.js';

/**
 * The suites that open their database with `testDb()` (src/lib/server/test/factories.ts)
 * and run a second time, unchanged, on PostgreSQL (DESIGN §9, issue 11 §4): the `postgres`
 * project sets PARQUE_TEST_BACKEND, which switches `testDb()` to a schema of its own on the
 * test server. Suites that loop over TEST_BACKENDS themselves (auth/test-databases.ts,
 * lease-ttl.test.ts) already run on both and are not listed; a new suite that uses
 * `testDb()` belongs here.
 */
const POSTGRES_SUITES = [
  'src/lib/server/sync/*.test.ts',
  'src/lib/server/leases.test.ts',
  'src/lib/server/mutators/learning.test.ts',
  'src/lib/server/console/*.test.ts',
  'src/lib/server/content/import.test.ts',
  'src/lib/server/content/serve.test.ts',
  'src/lib/client/sync/roundtrip.test.ts',
  'src/lib/client/sync/pull.test.ts',
  'src/lib/client/sync/workshop-edits.test.ts',
  'src/lib/client/learner.test.ts',
  // The kiosk simulation (fewer cases there: see the suite).
  'src/lib/test/simulation.test.ts'
];

// Vitest evaluates this file again for each project that extends it: ask (and warn) once.
const probe = globalThis as { parquePostgresProbe?: Promise<string | null> };
const first = !probe.parquePostgresProbe;
probe.parquePostgresProbe ??= postgresUnreachable();
const pgProblem = await probe.parquePostgresProbe;
if (pgProblem && first) {
  console.warn(
    `PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${pgProblem}): the postgres project ` +
      `(the sync suites on PostgreSQL) is skipped. Start the server, or point ` +
      `PARQUE_TEST_DATABASE_URL at one.`
  );
}

// Unit tests need Svelte's compiler (for .svelte.ts runes) and the $lib alias, not the
// PWA or i18n build plugins (i18n is compiled by `npm run i18n` before tests run).
const shared = {
  environment: 'node',
  expect: { requireAssertions: true },
  testTimeout: 60_000
} as const;

export default defineConfig({
  plugins: [sveltekit()],
  test: {
    projects: [
      {
        extends: true as const,
        test: {
          ...shared,
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts']
        }
      },
      ...(pgProblem
        ? []
        : [
            {
              extends: true as const,
              test: {
                ...shared,
                name: 'postgres',
                include: POSTGRES_SUITES,
                env: { PARQUE_TEST_BACKEND: 'postgres' }
              }
            }
          ])
    ]
  }
});

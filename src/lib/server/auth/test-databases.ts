/**
 * The databases the staff and session suites run on (DESIGN §9): a fresh SQLite file, and a
 * schema of its own on the test PostgreSQL server, skipped (with a warning) when that server
 * does not answer.
 */
import type { Db } from '../db/index';
import { postgresTestDb, sqliteTestDb } from '../test/factories';
import { postgresUnreachable, TEST_DATABASE_URL } from '../test/postgres';

export interface TestDatabase {
  db: Db;
  /** The SQLite file, or a postgres:// URL in the test's schema (openTestDb opens it). */
  path: string;
  cleanup: () => Promise<void>;
}

export interface TestBackend {
  name: 'SQLite' | 'PostgreSQL';
  skip: boolean;
  open: () => Promise<TestDatabase>;
}

const pgProblem = await postgresUnreachable();
if (pgProblem) {
  console.warn(`PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${pgProblem}): skipped.`);
}

export const TEST_BACKENDS: TestBackend[] = [
  { name: 'SQLite', skip: false, open: sqliteTestDb },
  { name: 'PostgreSQL', skip: pgProblem !== null, open: () => postgresTestDb('staff_test') }
];

/**
 * The databases the staff and session suites run on (DESIGN §9): a fresh SQLite file, and a
 * schema of its own on the test PostgreSQL server, skipped (with a warning) when that server
 * does not answer.
 */
import { migrate, openDb, type Db } from '../db/index';
import { testDb } from '../test/factories';
import { postgresUnreachable, tempSchema, TEST_DATABASE_URL } from '../test/postgres';

export interface TestDatabase {
  db: Db;
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

async function openPostgres(): Promise<TestDatabase> {
  const schema = await tempSchema('staff_test');
  // Every pooled connection starts in the suite's own schema.
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('options', `-c search_path=${schema.name}`);
  const db = openDb({ databaseUrl: url.toString(), sqlitePath: '/nonexistent' });
  await migrate(db);
  return {
    db,
    cleanup: async () => {
      await db.destroy();
      await schema.drop();
    }
  };
}

export const TEST_BACKENDS: TestBackend[] = [
  { name: 'SQLite', skip: false, open: testDb },
  { name: 'PostgreSQL', skip: pgProblem !== null, open: openPostgres }
];

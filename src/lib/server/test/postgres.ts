/**
 * The test PostgreSQL server (DESIGN §9: 127.0.0.1:5432, trust auth, database `test`), or
 * PARQUE_TEST_DATABASE_URL. Each suite works in a schema of its own, dropped afterwards, so
 * parallel and repeated runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL =
  process.env.PARQUE_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Null when the server answers; otherwise why not (for the skip message). */
export async function postgresUnreachable(url = TEST_DATABASE_URL): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh schema; `drop()` removes it with everything in it. */
export async function tempSchema(
  prefix: string,
  url = TEST_DATABASE_URL
): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create schema "${name}"`);
  } finally {
    await client.end();
  }
  return {
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${name}" cascade`);
      } finally {
        await c.end();
      }
    }
  };
}

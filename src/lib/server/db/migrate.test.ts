/**
 * Migrations on a PostgreSQL database that already holds another schema with Kysely's
 * tables (a second app, a suite running beside this one): ours must still be made in our
 * own schema. Kysely looks in every schema unless told which; this failed once at random
 * when parallel suites migrated at the same moment.
 */
import { describe, expect, it } from 'vitest';
import { migrate, openDb } from './index';
import { postgresUnreachable, tempSchema, TEST_DATABASE_URL } from '../test/postgres';

const unreachable = await postgresUnreachable();

describe.skipIf(unreachable !== null)('migrate on PostgreSQL', () => {
  it('makes its own migration tables even when another schema has Kysely’s', async () => {
    const first = await tempSchema('migrate_a');
    const second = await tempSchema('migrate_b');
    const open = (schema: string) => {
      const url = new URL(TEST_DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return openDb({ databaseUrl: url.toString(), sqlitePath: '/nonexistent' });
    };
    const a = open(first.name);
    const b = open(second.name);
    try {
      await migrate(a);
      await migrate(b);
      const row = await b.selectFrom('sync_state').select('version').executeTakeFirstOrThrow();
      expect(Number(row.version)).toBeGreaterThanOrEqual(0);
      // Migrating again is a no-op in each.
      await migrate(a);
      await migrate(b);
    } finally {
      await a.destroy();
      await b.destroy();
      await first.drop();
      await second.drop();
    }
  });
});

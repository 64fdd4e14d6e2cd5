/**
 * The app's one database handle, opened and migrated on first use. Holds no state that
 * matters across requests beyond the connection itself, so several app instances can
 * share one PostgreSQL.
 */
import { dbConfigFromEnv, migrate, openDb, type Db } from './index';

let ready: Promise<Db> | undefined;

export function getDb(): Promise<Db> {
  ready ??= (async () => {
    const db = openDb(dbConfigFromEnv());
    await migrate(db);
    return db;
  })().catch((error: unknown) => {
    // A database that was down at start must be retried on the next request.
    ready = undefined;
    throw error;
  });
  return ready;
}

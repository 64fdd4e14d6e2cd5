/**
 * Opens the server store: an embedded SQLite file by default, PostgreSQL when
 * DATABASE_URL is set. Both run the same migrations and queries.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface DbConfig {
  /** postgres://… to use PostgreSQL; otherwise the SQLite file below. */
  databaseUrl?: string;
  /** SQLite file; created with its folder if missing. */
  sqlitePath: string;
  /** Only for the durability benchmark: the app always runs SQLITE_SYNCHRONOUS. */
  synchronous?: 'FULL' | 'NORMAL';
}

export function dbConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    sqlitePath: resolve(env.PARQUE_DB_PATH || 'data/parque.db')
  };
}

/** Busy writers from another process (a CLI tool) are waited for, not failed: 5 s. */
const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** See openDb; exported for the durability benchmark. */
export const SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

const postgresDbs = new WeakSet<Db>();

export function openDb(config: DbConfig): Db {
  if (config.databaseUrl) {
    // int8 (the version columns) comes back as a string by default; versions stay far
    // below 2^53, so plain numbers are exact.
    pg.types.setTypeParser(20, (v: string) => Number(v));
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: config.databaseUrl, max: 10 })
      })
    });
    postgresDbs.add(db);
    return db;
  }
  mkdirSync(dirname(config.sqlitePath), { recursive: true });
  const sqlite = new SQLite(config.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a
  // lost commit is a registration the device was told is confirmed. The cost is measured
  // in docs/OPERATIONS.md (npm run bench -- durability).
  sqlite.pragma(`synchronous = ${config.synchronous ?? SQLITE_SYNCHRONOUS}`);
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * The app's migrator. On PostgreSQL, Kysely looks for its migration tables in every schema
 * unless told which: another schema's (a second app, a parallel test suite) would then pass
 * for ours and our own would never be made. So: the schema this connection works in.
 */
export async function migratorFor(db: Db): Promise<Migrator> {
  const schema =
    db.getExecutor().adapter instanceof PostgresAdapter
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]
          ?.schema
      : undefined;
  return new Migrator({
    db,
    provider: migrationProvider,
    ...(schema ? { migrationTableSchema: schema } : {})
  });
}

export async function migrate(db: Db): Promise<void> {
  const migrator = await migratorFor(db);
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}`, {
      cause: error
    });
  }
}

export async function currentVersion(db: Db): Promise<{ version: number; epoch: string }> {
  const row = await db
    .selectFrom('sync_state')
    .select(['version', 'epoch'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { version: Number(row.version), epoch: row.epoch };
}

/** A fresh epoch: 16 url-safe characters (a cursor's epoch allows up to 40). */
export function newEpoch(): string {
  return randomBytes(12).toString('base64url');
}

/**
 * Gives the database a new epoch, so every device's cursor names another database and its
 * next pull answers `reset` (docs/SYNC.md, "Rewinds"). Run after a restore, and by the
 * server itself when a device proves that history went back (a cursor or a mutation
 * number from the future). With `from`, only if the epoch is still that one: two devices
 * reporting one rewind rotate it once. Returns the epoch in force afterwards.
 */
export async function rotateEpoch(db: Db, from?: string): Promise<string> {
  const epoch = newEpoch();
  let q = db.updateTable('sync_state').set({ epoch }).where('id', '=', 1);
  if (from !== undefined) q = q.where('epoch', '=', from);
  await q.execute();
  return (await currentVersion(db)).epoch;
}

export type Tx = Kysely<Database>;

/**
 * Errors that mean "another transaction got in the way, try again", not "this is wrong":
 * PostgreSQL's serialization failure (40001), deadlock (40P01) and a unique violation
 * (23505: two transactions inserting the same key, which SQLite's single writer never
 * sees), and SQLite's busy lock when another process held it past the busy timeout.
 * A refusal (MutationRejected, PushError) is never one: it is not a database error.
 */
export function isTransientWriteError(e: unknown): boolean {
  if (!(e instanceof Error) || !('code' in e)) return false;
  const code = String(e.code);
  return code === '40001' || code === '40P01' || code === '23505' || code.startsWith('SQLITE_BUSY');
}

/** Attempts in all for one write transaction, and the first backoff (doubled each time). */
export const WRITE_ATTEMPTS = 5;
const WRITE_BACKOFF_MS = 5;

/**
 * Runs one write transaction. Its first statement bumps the global version, which takes
 * SQLite's write lock (as BEGIN IMMEDIATE would) or PostgreSQL's row lock on sync_state:
 * writers are serialised, so versions become visible in the order they were taken and a
 * pull cursor can never skip a transaction that committed late (DESIGN §4).
 *
 * A transient failure (isTransientWriteError) rolls the whole transaction back and runs it
 * again from the start, up to WRITE_ATTEMPTS times with jittered exponential backoff, so
 * concurrent pushes on PostgreSQL never become a 500. `fn` must therefore keep its state
 * inside itself (everything it returns is rebuilt on each attempt). Any other error, a
 * refusal included, is thrown at once.
 */
export async function writeTransaction<T>(
  db: Db,
  fn: (trx: Tx, version: number) => Promise<T>
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('sync_state')
          .set({ version: sql`version + 1` })
          .where('id', '=', 1)
          .returning('version')
          .executeTakeFirstOrThrow();
        return fn(trx, Number(row.version));
      });
    } catch (e) {
      if (attempt >= WRITE_ATTEMPTS || !isTransientWriteError(e)) throw e;
      const backoff = WRITE_BACKOFF_MS * 2 ** (attempt - 1);
      await new Promise((r) => setTimeout(r, backoff / 2 + Math.random() * backoff));
    }
  }
}

/** Reads in one snapshot (SQLite: one read transaction; PostgreSQL: repeatable read). */
export async function readTransaction<T>(db: Db, fn: (trx: Tx) => Promise<T>): Promise<T> {
  const builder = postgresDbs.has(db)
    ? db.transaction().setIsolationLevel('repeatable read')
    : db.transaction();
  return builder.execute(fn);
}

/**
 * Backup and restore of the SQLite store (`npm run backup`, `npm run restore`), and the
 * epoch rotation a restore needs on either database (docs/OPERATIONS.md).
 *
 * Both copies go through SQLite's online backup API, never a file copy: a backup taken
 * while the app writes is one consistent snapshot, and a restore rewrites the target
 * page by page through its own WAL, so no stale `-wal` file can replay over it.
 *
 * A restored database rewinds history, so it gets a new epoch: every device's next pull
 * answers `reset`, and a device whose acknowledged mutations the backup lacks re-sends
 * them from its journal (docs/SYNC.md, "Rewinds").
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { currentVersion, migrate, openDb, rotateEpoch, type DbConfig } from './index';

export class BackupError extends Error {}

/** Copies the live database at `sqlitePath` to `target` (replaced if it exists). */
export async function backupSqlite(sqlitePath: string, target: string): Promise<void> {
  if (!existsSync(sqlitePath)) throw new BackupError(`there is no database at ${sqlitePath}`);
  const source = new SQLite(sqlitePath, { fileMustExist: true });
  const partial = `${target}.partial`;
  try {
    source.pragma('busy_timeout = 5000');
    rmSync(partial, { force: true });
    await source.backup(partial);
  } finally {
    source.close();
  }
  checkParqueDatabase(partial);
  // The finished copy appears at once or not at all: a crash leaves only the .partial.
  renameSync(partial, target);
}

/** Refuses a file that is not a whole Parque database. */
function checkParqueDatabase(path: string): void {
  const db = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`${path} is damaged: ${String(check)}`);
    const state = db
      .prepare("select count(*) as n from sqlite_master where type = 'table' and name = ?")
      .get('sync_state') as { n: number };
    if (state.n !== 1) throw new BackupError(`${path} is not a Parque database`);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${path} is not a readable SQLite database: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

export interface RestoreResult {
  /** Where the database that was replaced was kept (undefined if there was none). */
  previous?: string;
  epoch: string;
  version: number;
}

/**
 * Replaces the database at `config.sqlitePath` with the backup `source`, keeping the one it
 * replaces next to it (`<file>.before-restore-<time>`), migrates it and rotates its epoch.
 * Stop the app first: a running server would go on answering from what it had cached.
 */
export async function restoreSqlite(
  source: string,
  config: DbConfig,
  at = new Date()
): Promise<RestoreResult> {
  if (!existsSync(source)) throw new BackupError(`there is no backup at ${source}`);
  checkParqueDatabase(source);
  const target = config.sqlitePath;
  let previous: string | undefined;
  if (existsSync(target)) {
    previous = `${target}.before-restore-${at.toISOString().replace(/[:.]/g, '-')}`;
    await backupSqlite(target, previous);
  }
  const from = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await from.backup(target);
  } finally {
    from.close();
  }
  const { epoch, version } = await rotateEpochOf({ sqlitePath: target });
  return { previous, epoch, version };
}

/**
 * Gives the database a new epoch (after a restore of either database; for PostgreSQL this
 * is the step after pg_restore). Runs the migrations first, as the app would at start.
 */
export async function rotateEpochOf(config: DbConfig): Promise<{ epoch: string; version: number }> {
  const db = openDb(config);
  try {
    await migrate(db);
    await rotateEpoch(db);
    return await currentVersion(db);
  } finally {
    await db.destroy();
  }
}

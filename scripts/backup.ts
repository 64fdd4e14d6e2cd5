/**
 * `npm run backup -- <file>`: a consistent copy of the SQLite database while the app runs
 * (SQLite's online backup API). The database is the app's: PARQUE_DB_PATH (default
 * data/parque.db). With DATABASE_URL set it refuses: PostgreSQL is backed up with pg_dump
 * (docs/OPERATIONS.md). Without a file name it writes data/backups/parque-<time>.db.
 * Course files (PARQUE_CONTENT_DIR) are not in the database: copy that folder as well.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { backupSqlite, BackupError } from '../src/lib/server/db/backup';
import { dbConfigFromEnv } from '../src/lib/server/db/index';

const config = dbConfigFromEnv();
if (config.databaseUrl) {
  console.error(
    'DATABASE_URL is set: back PostgreSQL up with pg_dump (docs/OPERATIONS.md, "Backups").'
  );
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = resolve(process.argv[2] ?? `data/backups/parque-${stamp}.db`);
mkdirSync(dirname(target), { recursive: true });
try {
  await backupSqlite(config.sqlitePath, target);
  console.log(`Backed up ${config.sqlitePath} to ${target}`);
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(e.message);
  process.exit(1);
}

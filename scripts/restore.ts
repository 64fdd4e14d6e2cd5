/**
 * `npm run restore -- <file>`: puts a backup made by `npm run backup` in place of the
 * SQLite database (PARQUE_DB_PATH, default data/parque.db) and gives it a new epoch, so
 * every device starts over and re-sends what the backup lacks (docs/SYNC.md, "Rewinds").
 * The database it replaces is kept as <file>.before-restore-<time>. Stop the app first
 * and start it again afterwards.
 *
 * `npm run restore -- --rotate-epoch-only`: only the new epoch, on the app's database
 * (DATABASE_URL or PARQUE_DB_PATH): the step after pg_restore for PostgreSQL.
 */
import { parseArgs } from 'node:util';
import { BackupError, restoreSqlite, rotateEpochOf } from '../src/lib/server/db/backup';
import { dbConfigFromEnv } from '../src/lib/server/db/index';

const USAGE = `Usage: npm run restore -- <backup file>
       npm run restore -- --rotate-epoch-only`;

const { values, positionals } = parseArgs({
  options: { 'rotate-epoch-only': { type: 'boolean', default: false } },
  allowPositionals: true
});
const config = dbConfigFromEnv();
try {
  if (values['rotate-epoch-only']) {
    if (positionals.length > 0) throw new BackupError(USAGE);
    const { epoch, version } = await rotateEpochOf(config);
    console.log(`New epoch ${epoch} at version ${version}: devices start over on their next pull.`);
  } else {
    if (positionals.length !== 1) throw new BackupError(USAGE);
    if (config.databaseUrl) {
      throw new BackupError(
        'DATABASE_URL is set: restore PostgreSQL with pg_restore, then run ' +
          '`npm run restore -- --rotate-epoch-only` (docs/OPERATIONS.md, "Backups").'
      );
    }
    const r = await restoreSqlite(positionals[0]!, config);
    if (r.previous) console.log(`The database it replaced is kept as ${r.previous}`);
    console.log(
      `Restored ${positionals[0]} into ${config.sqlitePath}: version ${r.version}, new epoch ${r.epoch}.`
    );
  }
} catch (e) {
  if (!(e instanceof BackupError)) throw e;
  console.error(e.message);
  process.exit(1);
}

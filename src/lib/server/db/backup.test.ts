import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBranches } from '../catalogue';
import { branch } from '../test/factories';
import { backupSqlite, BackupError, restoreSqlite } from './backup';
import { currentVersion, migrate, openDb, writeTransaction, type Db } from './index';

let dir: string;
let path: string;
let db: Db;

async function addBranch(id: string) {
  await writeTransaction(db, async (trx, v) => saveBranches(trx, v, [branch(id)]));
}
async function branchIds(d: Db) {
  return (await d.selectFrom('branches').select('id').orderBy('id').execute()).map((r) => r.id);
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parque-backup-'));
  path = join(dir, 'parque.db');
  db = openDb({ sqlitePath: path });
  await migrate(db);
  await addBranch('br-a');
});
afterEach(async () => {
  await db.destroy().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore of the SQLite file', () => {
  it('a backup taken while the app writes is a consistent copy; a restore rewinds to it under a new epoch', async () => {
    const backup = join(dir, 'backup.db');
    await backupSqlite(path, backup); // the app's connection is open and in WAL mode
    const before = await currentVersion(db);
    await addBranch('br-b');
    await db.destroy(); // the app is stopped for a restore

    const result = await restoreSqlite(backup, { sqlitePath: path });
    const restored = openDb({ sqlitePath: path });
    try {
      expect(await branchIds(restored)).toEqual(['br-a']);
      const now = await currentVersion(restored);
      expect(now.version).toBe(before.version);
      expect(now.epoch).not.toBe(before.epoch);
      expect(result.epoch).toBe(now.epoch);
    } finally {
      await restored.destroy();
    }
    // The database it replaced is kept, with the write the backup lacks.
    expect(result.previous && existsSync(result.previous)).toBe(true);
    const previous = openDb({ sqlitePath: result.previous! });
    try {
      expect(await branchIds(previous)).toEqual(['br-a', 'br-b']);
    } finally {
      await previous.destroy();
    }
  });

  it('refuses a file that is not a Parque database and changes nothing', async () => {
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just some text '.repeat(200));
    await expect(restoreSqlite(junk, { sqlitePath: path })).rejects.toBeInstanceOf(BackupError);
    await expect(restoreSqlite(join(dir, 'missing.db'), { sqlitePath: path })).rejects.toThrow(
      'there is no backup'
    );
    expect(await branchIds(db)).toEqual(['br-a']);
    expect(readdirSync(dir).some((f) => f.includes('before-restore'))).toBe(false);
  });

  it('npm run backup and npm run restore do it from the command line', async () => {
    const env = { ...process.env, PARQUE_DB_PATH: path, DATABASE_URL: '' };
    const backup = join(dir, 'cli.db');
    const run = (script: string, ...args: string[]) =>
      execFileSync('npx', ['tsx', `scripts/${script}.ts`, ...args], { env, encoding: 'utf8' });
    expect(run('backup', backup)).toContain('Backed up');
    const { epoch } = await currentVersion(db);
    await addBranch('br-c');
    await db.destroy();
    expect(run('restore', backup)).toContain('new epoch');
    db = openDb({ sqlitePath: path });
    expect(await branchIds(db)).toEqual(['br-a']);
    const afterRestore = (await currentVersion(db)).epoch;
    expect(afterRestore).not.toBe(epoch);
    expect(run('restore', '--rotate-epoch-only')).toContain('New epoch');
    expect((await currentVersion(db)).epoch).not.toBe(afterRestore);
  }, 30_000);
});

describe('after pg_restore: --rotate-epoch-only on PostgreSQL', async () => {
  const { postgresUnreachable, tempSchema, TEST_DATABASE_URL } = await import('../test/postgres');
  const problem = await postgresUnreachable();
  it.skipIf(problem !== null)('gives the database a new epoch and keeps its rows', async () => {
    const schema = await tempSchema('restore_test');
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema.name}`);
    const config = { databaseUrl: url.toString(), sqlitePath: '/nonexistent' };
    const pgDb = openDb(config);
    try {
      await migrate(pgDb);
      await writeTransaction(pgDb, async (trx, v) => saveBranches(trx, v, [branch('br-pg')]));
      const before = await currentVersion(pgDb);
      const { rotateEpochOf } = await import('./backup');
      const after = await rotateEpochOf(config);
      expect(after.epoch).not.toBe(before.epoch);
      expect(after.version).toBe(before.version);
      expect(await branchIds(pgDb)).toEqual(['br-pg']);
    } finally {
      await pgDb.destroy();
      await schema.drop();
    }
  });
});

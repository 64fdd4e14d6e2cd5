import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PullResponse } from '../../domain/sync';
import {
  saveBranches,
  saveCategories,
  saveSessions,
  saveWorkshops,
  toSession,
  toWorkshop
} from '../catalogue';
import { writeTransaction } from '../db/index';
import { branch, category, session, testDb, workshop, type TestDb } from '../test/factories';
import { pull } from './pull';

let t: TestDb;

beforeEach(async () => {
  t = await testDb();
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(
      trx,
      v,
      Array.from({ length: 20 }, (_, i) => workshop(`w${i}`, 'br-a'))
    );
    await saveSessions(
      trx,
      v,
      Array.from({ length: 50 }, (_, i) => session(`base-${i}`, `w${i % 20}`, 'br-a'))
    );
  });
});
afterEach(async () => {
  await t.cleanup();
});

function writer(id: number, iterations: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/lib/server/test/writer.ts', t.path, String(id), String(iterations)],
      { stdio: ['ignore', 'inherit', 'inherit'] }
    );
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** What a device holds: rows by entity and id, built only from pull pages. */
class Replica {
  rows = new Map<string, Map<string, unknown>>();
  cursor: string | undefined;

  apply(page: PullResponse) {
    for (const [entity, list] of Object.entries(page.changes)) {
      const table = this.rows.get(entity) ?? new Map<string, unknown>();
      for (const row of list as { id: string }[]) table.set(row.id, row);
      this.rows.set(entity, table);
    }
    for (const d of page.deletes) this.rows.get(d.entity)?.delete(d.id);
    this.cursor = page.cursor;
  }

  async pullOnce(limit: number): Promise<boolean> {
    const page = await pull(t.db, { branch: 'br-a', cursor: this.cursor, limit });
    this.apply(page);
    return page.more;
  }
}

describe('pull cursor with concurrent writers', () => {
  it('a device that pulls while three processes write ends with exactly the server state', async () => {
    const replica = new Replica();
    while (await replica.pullOnce(7));

    const writers = Promise.all([writer(1, 45), writer(2, 45), writer(3, 45)]);
    let done = false;
    void writers.then(() => (done = true));
    let pulls = 0;
    while (!done) {
      await replica.pullOnce(7);
      pulls++;
      await new Promise((r) => setTimeout(r, 2));
    }
    expect(await writers).toEqual([0, 0, 0]);
    while (await replica.pullOnce(7));

    const workshops = (await t.db.selectFrom('workshops').selectAll().execute()).map(toWorkshop);
    const sessions = (await t.db.selectFrom('sessions').selectAll().execute()).map(toSession);
    const byId = <T extends { id: string }>(rows: T[]) =>
      Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(Object.fromEntries(replica.rows.get('sessions') ?? [])).toEqual(byId(sessions));
    expect(Object.fromEntries(replica.rows.get('workshops') ?? [])).toEqual(byId(workshops));
    // The writers really did interleave with the pulls.
    expect(pulls).toBeGreaterThan(5);
    const tombstones = await t.db.selectFrom('tombstones').select('row_id').execute();
    expect(tombstones.some((r) => r.row_id.startsWith('s-3-'))).toBe(true);
  });
});

/**
 * Applies one pull page to the device: rows, deletions and the new cursor in one Dexie
 * transaction, so the cursor never moves past data that was not written (DESIGN §4).
 */
import type { PullResponse } from '../../domain/sync';
import { CATALOGUE_TABLES, META, type ParqueDb } from '../db';

export async function applyPullPage(db: ParqueDb, page: PullResponse): Promise<void> {
  await db.transaction('rw', [...CATALOGUE_TABLES.map((t) => db[t]), db.meta], async () => {
    if (page.reset) {
      // The server's database is not the one this copy came from: start from nothing.
      await Promise.all(CATALOGUE_TABLES.map((t) => db[t].clear()));
    }
    await db.branches.bulkPut(page.changes.branches);
    await db.categories.bulkPut(page.changes.categories);
    await db.audiences.bulkPut(page.changes.audiences);
    await db.workshops.bulkPut(page.changes.workshops);
    await db.sessions.bulkPut(page.changes.sessions);
    for (const table of CATALOGUE_TABLES) {
      const ids = page.deletes.filter((d) => d.entity === table).map((d) => d.id);
      if (ids.length > 0) await db[table].bulkDelete(ids);
    }
    await db.meta.put({ key: META.cursor, value: page.cursor });
    if (!page.more) await db.meta.put({ key: META.lastSyncAt, value: page.serverTime });
  });
}

/** Writes a whole catalogue (demo or synthetic) in one write transaction. */
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from './catalogue';
import { writeTransaction, type Db } from './db/index';
import type { CatalogueData } from './demo/catalogue';

export async function insertCatalogue(
  db: Db,
  data: CatalogueData
): Promise<{ branches: number; workshops: number; sessions: number }> {
  await writeTransaction(db, async (trx, version) => {
    await saveBranches(trx, version, data.branches);
    await saveCategories(trx, 'categories', version, data.categories);
    await saveCategories(trx, 'audiences', version, data.audiences);
    await saveWorkshops(trx, version, data.workshops);
    await saveSessions(trx, version, data.sessions);
  });
  return {
    branches: data.branches.length,
    workshops: data.workshops.length,
    sessions: data.sessions.length
  };
}

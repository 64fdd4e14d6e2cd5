/** This device's identity for the sync: a UUID made on first use and kept in IndexedDB. */
import { getMeta, META, type ParqueDb } from './db';

export async function clientIdOf(db: ParqueDb): Promise<string> {
  let id = await getMeta<string>(db, META.clientId);
  if (!id) {
    id = crypto.randomUUID();
    await db.meta.put({ key: META.clientId, value: id });
  }
  return id;
}

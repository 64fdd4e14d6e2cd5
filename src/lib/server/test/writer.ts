/**
 * A separate process that writes to a test database as fast as it can: used to check that
 * pull cursors stay exact with concurrent writers. Args: dbPath (a SQLite file or a
 * postgres:// URL) writerId iterations.
 * Some transactions hold the write lock for a while after taking their version, to widen
 * the window in which a careless cursor would skip a late commit.
 */
import { deleteSessions, saveSessions, updateWorkshop } from '../catalogue';
import { writeTransaction } from '../db/index';
import { openTestDb, session } from './factories';

const [dbPath, writerId, iterations] = process.argv.slice(2);
if (!dbPath || !writerId || !iterations) throw new Error('usage: writer dbPath writerId n');

const db = openTestDb(dbPath);
const mine: string[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (let i = 0; i < Number(iterations); i++) {
  const op = i % 3;
  await writeTransaction(db, async (trx, v) => {
    if (i % 4 === 0) await sleep(15);
    if (op === 0) {
      await updateWorkshop(trx, v, `w${i % 20}`, { title: `w${writerId}-${i}` });
    } else if (op === 1) {
      const id = `s-${writerId}-${i}`;
      mine.push(id);
      await saveSessions(trx, v, [session(id, `w${i % 20}`, 'br-a', { room: `r${i}` })]);
    } else {
      const victim = mine.shift();
      if (victim) await deleteSessions(trx, v, [victim]);
    }
  });
  await sleep(1);
}
await db.destroy();

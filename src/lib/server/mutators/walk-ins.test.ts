/** Walk-ins at the desk (issue 9 §4): counted once, in the desk's park only, no seat taken. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../domain/mutation';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction, type Db } from '../db/index';
import { push } from '../sync/push';
import { branch, category, session, stampAt, workshop } from '../test/factories';

const NOW = new Date('2026-11-25T15:00:00.000Z');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`walk-ins (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;
    const desk = { id: crypto.randomUUID(), kind: 'desk' as const, branchId: 'br-a' };
    let next = 1;
    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      next = 1;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a'), workshop('w2', 'br-b')]);
        await saveSessions(trx, v, [
          session('s1', 'w1', 'br-a', { capacity: 1, seatsTaken: 0 }),
          session('off', 'w1', 'br-a', { status: 'cancelled' }),
          session('other', 'w2', 'br-b')
        ]);
      });
    });
    afterEach(async () => {
      await t.cleanup();
    });
    const send = async (args: unknown, again = false) => {
      const id = again ? next - 1 : next++;
      const m: Mutation = { id, name: 'addWalkIn', args, at: stampAt(NOW.getTime() - 1000 + id) };
      const res = await push(
        db,
        { clientId: desk.id, branchId: 'br-a', pendingCount: 0, mutations: [m] },
        () => NOW,
        desk
      );
      return res.outcomes[0];
    };
    const s1 = () =>
      db
        .selectFrom('sessions')
        .select(['walk_ins', 'seats_taken', 'capacity'])
        .where('id', '=', 's1')
        .executeTakeFirstOrThrow();

    it('counts each walk-in once, takes no seat, and keeps only what was given', async () => {
      const first = { walkInId: crypto.randomUUID(), sessionId: 's1' };
      const second = {
        walkInId: crypto.randomUUID(),
        sessionId: 's1',
        name: '  Luz Marina  ',
        ageBand: '60-plus',
        comuna: '13'
      };
      for (const a of [first, second]) expect((await send(a))?.status).toBe('applied');
      // The same request again (a lost answer), and the same walk-in under a new number.
      await send(second, true);
      expect((await send(second))?.status).toBe('applied');
      expect(await s1()).toEqual({ walk_ins: 2, seats_taken: 0, capacity: 1 });
      const rows = await db.selectFrom('walk_ins').select(['name', 'age_band', 'comuna']).execute();
      // (Nulls sort first in SQLite and last in PostgreSQL: sorted here.)
      rows.sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
      expect(rows).toEqual([
        { name: null, age_band: null, comuna: null },
        { name: 'Luz Marina', age_band: '60-plus', comuna: '13' }
      ]);
      const audit = await db.selectFrom('audit_events').select(['kind', 'detail']).execute();
      expect(audit).toEqual([
        { kind: 'walk_in_added', detail: null },
        { kind: 'walk_in_added', detail: null }
      ]);
    });

    it("refuses another park's session, a cancelled one, bad fields and a reused id", async () => {
      expect(await send({ walkInId: crypto.randomUUID(), sessionId: 'other' })).toMatchObject({
        reason: 'session_unknown'
      });
      expect(await send({ walkInId: crypto.randomUUID(), sessionId: 'off' })).toMatchObject({
        reason: 'session_cancelled'
      });
      const bad = await send({ walkInId: crypto.randomUUID(), sessionId: 's1', comuna: '99' });
      expect(bad?.reason).toMatch(/^invalid_args: comuna/);
      const id = crypto.randomUUID();
      await send({ walkInId: id, sessionId: 's1' });
      await writeTransaction(db, (trx, v) => saveSessions(trx, v, [session('s2', 'w1', 'br-a')]));
      expect(await send({ walkInId: id, sessionId: 's2' })).toMatchObject({ reason: 'id_reused' });
      expect((await s1()).walk_ins).toBe(1);
    });
  });
}

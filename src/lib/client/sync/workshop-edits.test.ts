/**
 * A desk edits workshops offline (issue 9 §2): its own edits show at once from IndexedDB,
 * go out through the outbox, and after the sync the device holds what the server decided,
 * field by field: a later console edit keeps its title, the desk keeps its room.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StaffIdentity } from '../../server/auth/types';
import { saveBranches, saveCategories, saveWorkshops } from '../../server/catalogue';
import { applyStaffMutation } from '../../server/console/apply';
import { writeTransaction } from '../../server/db/index';
import { branch, category, testDb, workshop, type TestDb } from '../../server/test/factories';
import { inProcessServer, type InProcessServer } from '../../test/in-process-server';
import { createEnrolment } from '../../server/auth/devices';
import { enrol } from '../credential';
import { META, ParqueDb } from '../db';
import { mutate } from '../mutate';
import { pullAll } from './pull';
import { pushAll } from './push';

const NOW = new Date('2026-11-25T15:00:00.000Z');
const LIBRARIAN: StaffIdentity = {
  id: 'st-ana',
  email: 'ana@parque.test',
  name: 'Ana',
  role: 'librarian',
  branchIds: ['br-a'],
  sessionId: 'x',
  mustChangePassword: false
};

let t: TestDb;
let server: InProcessServer;
let desk: ParqueDb;
/** The server's clock: the desk is enrolled an hour before the edits. */
let clock = NOW.getTime() - 3_600_000;
const sync = async () => {
  await pushAll(desk, 'br-a', server.fetch);
  await pullAll(desk, 'br-a', server.fetch);
};

beforeEach(async () => {
  t = await testDb();
  clock = NOW.getTime() - 3_600_000;
  server = inProcessServer(t.db, () => new Date(clock));
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
  });
  desk = new ParqueDb('desk', { indexedDB: new IDBFactory(), IDBKeyRange });
  // A desk of the park, enrolled with a librarian's code, as the set-up page does it.
  const { code } = await createEnrolment(
    t.db,
    { branchId: 'br-a', kind: 'desk', staffId: LIBRARIAN.id },
    new Date(clock)
  );
  await enrol(desk, code, server.fetch);
  await desk.meta.put({ key: META.branchId, value: 'br-a' });
  await pullAll(desk, 'br-a', server.fetch);
  clock = NOW.getTime();
});
afterEach(async () => {
  await desk.delete();
  await t.cleanup();
});

describe('workshop edits from a desk', () => {
  it('show at once offline, and end as the server merged them', async () => {
    server.offline = true;
    const tenMinutesAgo = NOW.getTime() - 10 * 60_000;
    await mutate(
      desk,
      'saveWorkshop',
      { workshopId: 'w1', fields: { title: 'Del mostrador', room: 'Terraza' } },
      () => tenMinutesAgo
    );
    expect(await desk.workshops.get('w1')).toMatchObject({
      title: 'Del mostrador',
      room: 'Terraza',
      summary: 'Resumen'
    });
    // Meanwhile, online, a librarian retitles it on the console.
    expect(
      await applyStaffMutation(
        t.db,
        LIBRARIAN,
        'br-a',
        'saveWorkshop',
        { workshopId: 'w1', fields: { title: 'De la consola' } },
        NOW
      )
    ).toMatchObject({ ok: true });

    server.offline = false;
    await sync();
    expect(await desk.outbox.count()).toBe(0);
    expect(await desk.workshops.get('w1')).toMatchObject({
      title: 'De la consola',
      room: 'Terraza'
    });
  });

  it('creates a workshop offline in its park and archives it, both reaching the server', async () => {
    server.offline = true;
    const id = crypto.randomUUID();
    await mutate(desk, 'saveWorkshop', {
      workshopId: id,
      fields: { title: 'Ajedrez', categoryId: 'cat-1', audienceIds: ['aud-1'] }
    });
    expect(await desk.workshops.get(id)).toMatchObject({
      branchId: 'br-a',
      title: 'Ajedrez',
      audienceIds: ['aud-1'],
      status: 'active'
    });
    await mutate(desk, 'archiveWorkshop', { workshopId: id, archived: true });
    expect((await desk.workshops.get(id))?.status).toBe('archived');

    server.offline = false;
    await sync();
    expect(await desk.outbox.count()).toBe(0);
    const row = await t.db
      .selectFrom('workshops')
      .select(['branch_id', 'title', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ branch_id: 'br-a', title: 'Ajedrez', status: 'archived' });
    expect((await desk.workshops.get(id))?.status).toBe('archived');
  });
});

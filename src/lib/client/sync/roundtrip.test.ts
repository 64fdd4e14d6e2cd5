import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../../server/catalogue';
import { writeTransaction } from '../../server/db/index';
import {
  branch,
  category,
  registerArgs,
  session,
  testDb,
  workshop,
  type TestDb
} from '../../server/test/factories';
import { inProcessServer, type InProcessServer } from '../../test/in-process-server';
import { getMeta, META, ParqueDb } from '../db';
import { mutate } from '../mutate';
import { pullAll } from './pull';
import { pushAll } from './push';

let t: TestDb;
let server: InProcessServer;
const NOW = new Date('2026-11-25T15:00:00.000Z');

function device(name: string) {
  return new ParqueDb(name, { indexedDB: new IDBFactory(), IDBKeyRange });
}
async function sync(db: ParqueDb) {
  await pushAll(db, 'br-a', server.fetch);
  await pullAll(db, 'br-a', server.fetch);
}

beforeEach(async () => {
  t = await testDb();
  server = inProcessServer(t.db, () => NOW);
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
    await saveSessions(trx, v, [
      session('s1', 'w1', 'br-a', { capacity: 1, startsAt: '2026-11-26T14:00:00.000Z' })
    ]);
  });
});
afterEach(async () => {
  await t.cleanup();
});

describe('a device registering through the outbox', () => {
  it('offline: pending and queued; online: confirmed, outbox empty', async () => {
    const kiosk = device('kiosk-a');
    await pullAll(kiosk, 'br-a', server.fetch);
    server.offline = true;
    const args = registerArgs('s1', { name: 'Ana' });
    const m = await mutate(kiosk, 'registerAttendee', args, () => NOW.getTime());
    expect(m.id).toBe(1);
    expect((await kiosk.registrations.get(args.registrationId))?.status).toBe('pending');
    await expect(sync(kiosk)).rejects.toThrow('Failed to fetch');
    expect(await kiosk.outbox.count()).toBe(1);

    server.offline = false;
    await sync(kiosk);
    expect(await kiosk.outbox.count()).toBe(0);
    expect(await kiosk.registrations.get(args.registrationId)).toMatchObject({
      status: 'confirmed',
      code: args.code
    });
    expect(await getMeta(kiosk, META.lastMutationId)).toBe(1);
    expect((await kiosk.sessions.get('s1'))?.seatsTaken).toBe(1);
    await kiosk.delete();
  });

  it('a response lost after the server committed is not applied twice', async () => {
    const kiosk = device('kiosk-b');
    await pullAll(kiosk, 'br-a', server.fetch);
    await mutate(kiosk, 'registerAttendee', registerArgs('s1', { name: 'Ana' }));
    server.dropResponses = true;
    await expect(pushAll(kiosk, 'br-a', server.fetch)).rejects.toThrow();
    server.dropResponses = false;
    expect(await kiosk.outbox.count()).toBe(1);
    await sync(kiosk);
    const rows = await t.db.selectFrom('registrations').select('id').execute();
    expect(rows).toHaveLength(1);
    expect(await kiosk.outbox.count()).toBe(0);
    await kiosk.delete();
  });

  it('a pending cancel stays applied on the device when a pull brings older rows', async () => {
    const kiosk = device('kiosk-c');
    await pullAll(kiosk, 'br-a', server.fetch);
    const args = registerArgs('s1', { name: 'Ana' });
    await mutate(kiosk, 'registerAttendee', args);
    await sync(kiosk);
    server.offline = true;
    await mutate(kiosk, 'cancelRegistration', {
      registrationId: args.registrationId,
      code: args.code
    });
    server.offline = false;
    // Pull first (as if the push were delayed): the server still says confirmed.
    await writeTransaction(t.db, async (trx, v) => {
      await trx.updateTable('registrations').set({ version: v }).execute();
    });
    await pullAll(kiosk, 'br-a', server.fetch);
    expect((await kiosk.registrations.get(args.registrationId))?.status).toBe('cancelled');
    await sync(kiosk);
    expect((await kiosk.registrations.get(args.registrationId))?.status).toBe('cancelled');
    expect(await kiosk.outbox.count()).toBe(0);
    await kiosk.delete();
  });

  it('when the session is full, the second device’s registration ends waitlisted', async () => {
    const a = device('kiosk-d');
    const b = device('kiosk-e');
    await pullAll(a, 'br-a', server.fetch);
    await pullAll(b, 'br-a', server.fetch);
    await mutate(a, 'registerAttendee', registerArgs('s1', { name: 'Ana' }));
    await mutate(b, 'registerAttendee', registerArgs('s1', { name: 'Beto' }));
    await sync(a);
    await sync(b);
    const [rb] = await b.registrations.toArray();
    expect(rb).toMatchObject({ status: 'waitlisted', position: 1 });
    await a.delete();
    await b.delete();
  });

  it('renumbers its outbox when the server lost mutations (restored from a backup)', async () => {
    const kiosk = device('kiosk-f');
    await pullAll(kiosk, 'br-a', server.fetch);
    await mutate(kiosk, 'registerAttendee', registerArgs('s1', { name: 'Ana' }));
    await sync(kiosk);
    await mutate(kiosk, 'registerAttendee', registerArgs('s1', { name: 'Beto' }));
    await t.db.deleteFrom('clients').execute(); // the server forgot this device
    await sync(kiosk);
    expect(await kiosk.outbox.count()).toBe(0);
    expect(await t.db.selectFrom('registrations').select('name').execute()).toHaveLength(2);
    await kiosk.delete();
  });
});

describe('two devices with one identity (a cloned image, issue 11 2d)', () => {
  /** A copy of everything a device holds, as a disk image or VM snapshot would make. */
  async function cloneOf(source: ParqueDb, name: string): Promise<ParqueDb> {
    const copy = device(name);
    await copy.open();
    for (const table of source.tables) {
      await copy.table(table.name).bulkPut(await table.toArray());
    }
    return copy;
  }

  it('the clone’s own changes are not skipped as done: it takes a new identity and sends them', async () => {
    const phone = device('phone-original');
    await pullAll(phone, 'br-a', server.fetch);
    const shared = registerArgs('s1', { name: 'Antes de copiar' });
    await mutate(phone, 'registerAttendee', shared);
    const clone = await cloneOf(phone, 'phone-clone');

    // Both make their own registration as mutation 2 (the shared one is 1).
    const mine = registerArgs('s1', { name: 'Original' });
    const theirs = registerArgs('s1', { name: 'Copia' });
    await mutate(phone, 'registerAttendee', mine);
    await mutate(clone, 'registerAttendee', theirs);
    await sync(phone);
    await sync(clone);

    const names = (await t.db.selectFrom('registrations').select('name').execute())
      .map((r) => r.name)
      .sort();
    // Each change once: the shared one was not sent again by the clone.
    expect(names).toEqual(['Antes de copiar', 'Copia', 'Original']);
    expect(await clone.outbox.count()).toBe(0);
    expect(await getMeta(clone, META.clientId)).not.toBe(await getMeta(phone, META.clientId));
    expect((await clone.registrations.get(theirs.registrationId))?.status).not.toBe('pending');
    await phone.delete();
    await clone.delete();
  });
});

import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { ParqueDb } from './db';

describe('ParqueDb schema', () => {
  it('declares the catalogue tables and the indexes the pages query', async () => {
    const db = new ParqueDb('schema-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.open();
    const schema = Object.fromEntries(
      db.tables.map((t) => [t.name, t.schema.indexes.map((i) => i.name).sort()])
    );
    expect(Object.keys(schema).sort()).toEqual([
      'attempts',
      'audiences',
      'branches',
      'categories',
      'courses',
      'downloads',
      'leases',
      'manifests',
      'meta',
      'outbox',
      'outcomes',
      'partials',
      'positions',
      'progress',
      'registrations',
      'roster',
      'sessions',
      'unsent',
      'workshops'
    ]);
    expect(schema.progress).toEqual(['[learnerId+courseId]']);
    expect(schema.attempts).toEqual(['[learnerId+courseId]']);
    expect(schema.registrations).toEqual(['code', 'sessionId', 'status']);
    expect(schema.sessions).toEqual(['[branchId+startsAt]', 'workshopId']);
    expect(schema.workshops).toEqual(['branchId']);
    expect(db.verno).toBe(7);
    await db.delete();
  });

  it('answers the home query by park and time range through the compound index', async () => {
    const db = new ParqueDb('range-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    const s = (id: string, branchId: string, startsAt: string) => ({
      id,
      workshopId: 'w',
      branchId,
      startsAt,
      endsAt: startsAt,
      room: '',
      capacity: 1,
      seatsTaken: 0,
      status: 'scheduled' as const,
      version: 1
    });
    await db.sessions.bulkPut([
      s('a1', 'a', '2026-11-25T14:00:00.000Z'),
      s('a2', 'a', '2026-12-05T14:00:00.000Z'),
      s('b1', 'b', '2026-11-25T14:00:00.000Z')
    ]);
    const hits = await db.sessions
      .where('[branchId+startsAt]')
      .between(['a', '2026-11-25T05:00:00.000Z'], ['a', '2026-12-02T05:00:00.000Z'])
      .primaryKeys();
    expect(hits).toEqual(['a1']);
    await db.delete();
  });
});

/** The schema as version 1 of the app shipped it. */
const V1_STORES = {
  branches: 'id',
  categories: 'id',
  audiences: 'id',
  workshops: 'id, branchId',
  sessions: 'id, [branchId+startsAt], workshopId',
  meta: 'key'
};

describe('upgrades', () => {
  it('v1 → v7 keeps the catalogue and the cursor, and adds the later tables', async () => {
    const indexedDB = new IDBFactory();
    const v1 = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
    v1.version(1).stores(V1_STORES);
    await v1.table('workshops').put({ id: 'w1', branchId: 'b', title: 'Taller' });
    await v1.table('meta').put({ key: 'cursor', value: 'ep.7' });
    v1.close();

    const v2 = new ParqueDb('upgrade-test', { indexedDB, IDBKeyRange });
    await v2.open();
    expect(v2.verno).toBe(7);
    expect(await v2.workshops.get('w1')).toMatchObject({ title: 'Taller' });
    expect(await v2.meta.get('cursor')).toEqual({ key: 'cursor', value: 'ep.7' });
    expect(await v2.registrations.count()).toBe(0);
    expect(await v2.outbox.count()).toBe(0);
    expect(await v2.leases.count()).toBe(0);
    expect(await v2.courses.count()).toBe(0);
    await v2.delete();
  });
});

describe('upgrade v2 → v7', () => {
  it('keeps tickets and the outbox, and adds leases and the roster', async () => {
    const indexedDB = new IDBFactory();
    const v2 = new Dexie('upgrade-v2', { indexedDB, IDBKeyRange });
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores({
      registrations: 'id, sessionId, code, status',
      outbox: 'id',
      outcomes: 'id, mutationId, status'
    });
    await v2
      .table('registrations')
      .put({ id: 'r1', sessionId: 's1', code: 'ACDEFGHJ', status: 'pending' });
    await v2.table('outbox').put({ id: 1, name: 'registerAttendee', args: {}, at: 'x' });
    v2.close();
    const v3 = new ParqueDb('upgrade-v2', { indexedDB, IDBKeyRange });
    await v3.open();
    expect(await v3.registrations.get('r1')).toMatchObject({ status: 'pending' });
    expect(await v3.outbox.count()).toBe(1);
    expect(await v3.leases.count()).toBe(0);
    expect(await v3.roster.count()).toBe(0);
    expect(await v3.progress.count()).toBe(0);
    await v3.delete();
  });
});

describe('upgrade v5 → v7', () => {
  it('drops the old roster (every ticket ever, by registration id) and keeps the rest', async () => {
    const indexedDB = new IDBFactory();
    const v5 = new Dexie('upgrade-v5', { indexedDB, IDBKeyRange });
    v5.version(1).stores(V1_STORES);
    v5.version(2).stores({
      registrations: 'id, sessionId, code, status',
      outbox: 'id',
      outcomes: 'id, mutationId, status'
    });
    v5.version(3).stores({ leases: 'id, sessionId' });
    v5.version(4).stores({ roster: 'id, code, sessionId' });
    v5.version(5).stores({
      courses: 'id',
      manifests: 'id',
      downloads: 'courseId',
      partials: 'hash',
      progress: 'id, [learnerId+courseId]',
      attempts: 'id, [learnerId+courseId]',
      positions: 'id'
    });
    await v5.open();
    await v5.table('roster').put({
      id: '6f1c2a9e-3b1d-4c5e-9f00-0a1b2c3d4e5f',
      sessionId: 's1',
      code: 'ACDEFGHJ',
      firstName: 'Ana',
      version: 4
    });
    await v5.table('registrations').put({ id: 'r1', sessionId: 's1', code: 'CDEFGHJK' });
    await v5.table('outbox').put({ id: 1, name: 'checkIn', args: {}, at: 'x' });
    await v5.table('meta').put({ key: 'cursor', value: 'ep.7' });
    v5.close();

    const v6 = new ParqueDb('upgrade-v5', { indexedDB, IDBKeyRange });
    await v6.open();
    expect(v6.verno).toBe(7);
    expect(await v6.unsent.count()).toBe(0);
    expect(await v6.roster.count()).toBe(0);
    expect(await v6.registrations.count()).toBe(1);
    expect(await v6.outbox.count()).toBe(1);
    expect(await v6.meta.get('cursor')).toEqual({ key: 'cursor', value: 'ep.7' });
    await v6.delete();
  });
});

import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyChanges, type PullResponse } from '../../domain/sync';
import { getMeta, META, ParqueDb } from '../db';
import { encodeHlc } from '../../domain/hlc';
import { applyPullPage, PageSuperseded } from './apply';
import { session, workshop, branch } from '../../server/test/factories';

let db: ParqueDb;

beforeEach(async () => {
  db = new ParqueDb('apply-test', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function page(over: Partial<PullResponse> = {}): PullResponse {
  return {
    cursor: 'ep.1',
    more: false,
    reset: false,
    serverTime: '2026-11-25T15:00:00.000Z',
    changes: emptyChanges(),
    deletes: [],
    lastMutationId: 0,
    ...over
  };
}

const v = <T>(row: T) => ({ ...row, version: 1 });

describe('applyPullPage', () => {
  it('writes rows, the cursor and the sync time', async () => {
    const changes = emptyChanges();
    changes.branches.push(v(branch('br-a')));
    changes.workshops.push(v(workshop('w1', 'br-a')));
    changes.sessions.push(v(session('s1', 'w1', 'br-a')));
    await applyPullPage(db, page({ changes }));
    expect(await db.workshops.get('w1')).toMatchObject({ title: 'Taller w1' });
    expect(await db.sessions.count()).toBe(1);
    expect(await getMeta(db, META.cursor)).toBe('ep.1');
    expect(await getMeta(db, META.lastSyncAt)).toBe('2026-11-25T15:00:00.000Z');
  });

  it('does not claim a finished sync while more pages follow', async () => {
    await applyPullPage(db, page({ more: true, cursor: 'ep.0.1.3.eA' }));
    expect(await getMeta(db, META.cursor)).toBe('ep.0.1.3.eA');
    expect(await getMeta(db, META.lastSyncAt)).toBeUndefined();
  });

  it('applies tombstones', async () => {
    const changes = emptyChanges();
    changes.workshops.push(v(workshop('w1', 'br-a')), v(workshop('w2', 'br-a')));
    await applyPullPage(db, page({ changes }));
    await applyPullPage(db, page({ cursor: 'ep.2', deletes: [{ entity: 'workshops', id: 'w1' }] }));
    expect((await db.workshops.toArray()).map((w) => w.id)).toEqual(['w2']);
  });

  it('leaves neither rows nor cursor when the page fails half-way', async () => {
    await applyPullPage(db, page({ cursor: 'ep.1' }));
    const changes = emptyChanges();
    changes.workshops.push(v(workshop('w1', 'br-a')));
    // A session without a key makes IndexedDB refuse the write after the workshops went in.
    changes.sessions.push({
      ...v(session('s1', 'w1', 'br-a')),
      id: undefined as unknown as string
    });
    await expect(applyPullPage(db, page({ cursor: 'ep.2', changes }))).rejects.toThrow();
    expect(await db.workshops.count()).toBe(0);
    expect(await getMeta(db, META.cursor)).toBe('ep.1');
  });

  it('drops the old copy in the same transaction when the server says reset', async () => {
    const changes = emptyChanges();
    changes.workshops.push(v(workshop('old', 'br-a')));
    await applyPullPage(db, page({ changes }));
    const fresh = emptyChanges();
    fresh.workshops.push(v(workshop('new', 'br-a')));
    await applyPullPage(db, page({ reset: true, cursor: 'ep2.5', changes: fresh }));
    expect((await db.workshops.toArray()).map((w) => w.id)).toEqual(['new']);
  });

  it('a reset also drops the old seat leases, roster and outcomes (issue 11, 2b)', async () => {
    // Leases of a database that is gone: spending them would confirm seats nobody holds.
    await db.leases.put({
      id: 'l1',
      sessionId: 's1',
      seats: 2,
      used: 0,
      status: 'active',
      expiresAt: '2026-11-26T14:00:00.000Z',
      renewBy: '2026-11-26T14:00:00.000Z',
      version: 3
    });
    await db.roster.put({
      id: 'r1',
      sessionId: 's1',
      workshopId: 'w1',
      code: 'ACDEFGHJ',
      firstName: 'Ana',
      status: 'confirmed',
      checkedIn: null
    });
    await db.outcomes.put({
      id: 'c:0000000001',
      mutationId: 1,
      name: 'registerAttendee',
      status: 'rejected',
      reason: 'duplicate',
      version: 3
    });
    await applyPullPage(db, page({ reset: true, cursor: 'ep2.5' }));
    expect(await db.leases.count()).toBe(0);
    expect(await db.roster.count()).toBe(0);
    expect(await db.outcomes.count()).toBe(0);
  });
});

describe('the roster snapshot', () => {
  const entry = (code: string, over: Record<string, unknown> = {}) => ({
    id: `s1.${code}`,
    sessionId: 's1',
    workshopId: 'w1',
    code,
    firstName: 'Ana',
    status: 'confirmed' as const,
    checkedIn: null,
    ...over
  });

  it('replaces the whole copy and keeps its digest; a page without one leaves it', async () => {
    await db.roster.put(entry('ACDEFGHJ', { sessionId: 'yesterday', id: 'yesterday.ACDEFGHJ' }));
    await applyPullPage(
      db,
      page({ roster: { digest: 'a'.repeat(32), entries: [entry('CDEFGHJK')] } })
    );
    expect((await db.roster.toArray()).map((r) => r.code)).toEqual(['CDEFGHJK']);
    expect(await getMeta(db, META.rosterDigest)).toBe('a'.repeat(32));
    await applyPullPage(db, page({ cursor: 'ep.2' }));
    expect(await db.roster.count()).toBe(1);
  });

  it('a check-in still in the outbox shows on top of a new snapshot', async () => {
    await db.outbox.put({
      id: 1,
      name: 'checkIn',
      args: { code: 'CDEFGHJK', sessionId: 's1' },
      at: encodeHlc({ wall: Date.parse('2026-11-25T15:00:00.000Z'), counter: 0, node: 'kiosk' })
    });
    const { replayPending } = await import('../mutators');
    await applyPullPage(
      db,
      page({ roster: { digest: 'b'.repeat(32), entries: [entry('CDEFGHJK')] } }),
      replayPending
    );
    expect((await db.roster.get('s1.CDEFGHJK'))?.checkedIn).not.toBeNull();
  });

  it('a reset forgets the roster and its digest, so the next pull brings it again', async () => {
    await db.roster.put(entry('CDEFGHJK'));
    await db.meta.put({ key: META.rosterDigest, value: 'c'.repeat(32) });
    await applyPullPage(db, page({ reset: true, cursor: 'ep2.1' }));
    expect(await db.roster.count()).toBe(0);
    expect(await getMeta(db, META.rosterDigest)).toBeUndefined();
  });
});

describe('seat counts (issue 11, 2g)', () => {
  const lease = (used: number, version: number) => ({
    id: 'l1',
    sessionId: 's1',
    seats: 2,
    used,
    status: 'active' as const,
    expiresAt: '2026-11-26T14:00:00.000Z',
    renewBy: '2026-11-26T10:00:00.000Z',
    version
  });

  it('a pull never lowers a spend the device counted since that version', async () => {
    // A push was confirmed (maybe in another tab) after this page was read.
    await db.leases.put(lease(1, 5));
    const changes = emptyChanges();
    changes.leases.push(lease(0, 5));
    await applyPullPage(db, page({ changes }));
    expect((await db.leases.get('l1'))?.used).toBe(1);
  });

  it('a newer version is the server’s word, also when lower (a refused spend, 2f)', async () => {
    await db.leases.put(lease(2, 5));
    const changes = emptyChanges();
    changes.leases.push(lease(1, 6));
    await applyPullPage(db, page({ changes }));
    expect((await db.leases.get('l1'))?.used).toBe(1);
  });
});

describe('a page whose basis moved', () => {
  it('writes nothing when the park, the role or the cursor changed since it was asked for', async () => {
    await db.meta.put({ key: META.branchId, value: 'br-b' });
    const changes = emptyChanges();
    changes.workshops.push(v(workshop('w1', 'br-a')));
    const basis = { branchId: 'br-a', kind: undefined, cursor: '' };
    await expect(applyPullPage(db, page({ changes }), undefined, basis)).rejects.toBeInstanceOf(
      PageSuperseded
    );
    expect(await db.workshops.count()).toBe(0);
    expect(await getMeta(db, META.cursor)).toBeUndefined();
    await applyPullPage(db, page({ changes }), undefined, { ...basis, branchId: 'br-b' });
    expect(await db.workshops.count()).toBe(1);
  });
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ParqueDb } from './db';
import { cancelTicket, findTicket, requestCancelByCode } from './cancel-by-code';

let db: ParqueDb;
beforeEach(async () => {
  db = new ParqueDb('cancel-by-code', { indexedDB: new IDBFactory(), IDBKeyRange });
  await db.open();
  await db.roster.put({
    id: 's1.ACDEFGHJ',
    sessionId: 's1',
    workshopId: 'w1',
    code: 'ACDEFGHJ',
    firstName: 'Ana',
    status: 'confirmed',
    checkedIn: null
  });
});
afterEach(async () => {
  await db.delete();
});

describe('cancel by code at a kiosk', () => {
  it('a ticket from the roster goes out by its code (the roster has no registration id)', async () => {
    const found = await findTicket(db, 'acde-fghj');
    expect(found).toMatchObject({ registrationId: undefined, sessionId: 's1', name: 'Ana' });
    await cancelTicket(db, found!);
    const [entry] = await db.outbox.toArray();
    expect(entry).toMatchObject({
      name: 'cancelByCode',
      args: { code: 'ACDEFGHJ', sessionId: 's1' }
    });
    // Shown at once, in the same transaction as the outbox entry.
    expect((await db.roster.get('s1.ACDEFGHJ'))?.status).toBe('cancelled');
  });

  it('a code the kiosk does not hold is sent for the server to find', async () => {
    expect(await findTicket(db, 'CDEF-GHJK')).toBeNull();
    expect(await requestCancelByCode(db, 'cdef ghjk')).toBe('CDEFGHJK');
    expect(await requestCancelByCode(db, 'nope')).toBeNull();
    const entries = await db.outbox.toArray();
    expect(entries.map((e) => [e.name, e.args])).toEqual([['cancelByCode', { code: 'CDEFGHJK' }]]);
    expect((await db.roster.get('s1.ACDEFGHJ'))?.status).toBe('confirmed');
  });
});

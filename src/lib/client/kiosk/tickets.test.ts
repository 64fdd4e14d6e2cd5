import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Registration } from '../../domain/registration';
import { ParqueDb } from '../db';
import { forgetSentTickets } from './tickets';

let db: ParqueDb;
beforeEach(() => {
  db = new ParqueDb('kiosk-tickets', { indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(async () => {
  await db.delete();
});

const ticket = (id: string): Registration =>
  ({
    id,
    sessionId: 's1',
    workshopId: 'w1',
    code: 'ACDEFGHJ',
    name: 'Ana',
    status: 'confirmed',
    position: null,
    reason: null,
    checkedIn: null,
    createdAt: '2026-12-01T15:00:00.000Z',
    version: 1
  }) as unknown as Registration;

describe('forgetSentTickets', () => {
  it('drops what the server has, keeps the unsent and the visit at the screen', async () => {
    await db.registrations.bulkPut([ticket('sent'), ticket('unsent'), ticket('visit')]);
    await db.outbox.add({
      id: 1,
      name: 'registerAttendee',
      args: { registrationId: 'unsent' },
      at: '00000000000-0000-k'
    });
    expect(await forgetSentTickets(db, ['visit'])).toBe(1);
    expect((await db.registrations.toArray()).map((r) => r.id).sort()).toEqual(['unsent', 'visit']);
    // At the idle reset the visit ends too.
    await forgetSentTickets(db, []);
    expect((await db.registrations.toArray()).map((r) => r.id)).toEqual(['unsent']);
  });
});

describe('codeFromScan', () => {
  it('reads the code from a claim link, and passes a plain code through', async () => {
    const { claimUrl, codeFromScan } = await import('./visit.svelte');
    expect(codeFromScan(claimUrl('https://parque.example.org', 'ACDE-FGHJ'))).toBe('ACDE-FGHJ');
    expect(codeFromScan('http://localhost:4173/tickets/claim?x=1&code=ACDEFGHJ#t')).toBe(
      'ACDEFGHJ'
    );
    expect(codeFromScan('ACDEFGHJ')).toBe('ACDEFGHJ');
  });
});

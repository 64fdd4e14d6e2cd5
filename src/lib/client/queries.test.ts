import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session, Workshop } from '../domain/catalogue';
import { ParqueDb } from './db';
import { weekAtBranch, workshopDetail } from './queries';

const BOG = 'America/Bogota';
const NOW = new Date('2026-11-25T15:00:00.000Z');

const workshop = (id: string, over: Partial<Workshop> = {}): Workshop => ({
  id,
  branchId: 'br-1',
  categoryId: 'cat-1',
  audienceIds: [],
  title: `Taller ${id}`,
  summary: '',
  description: '',
  facilitator: '',
  version: 1,
  ...over
});

const session = (id: string, workshopId: string, startsAt: string): Session => ({
  id,
  workshopId,
  branchId: 'br-1',
  startsAt,
  endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
  room: 'Sala',
  capacity: 10,
  seatsTaken: 0,
  status: 'scheduled',
  version: 1
});

describe('the kiosk home leaves archived workshops out', () => {
  let db: ParqueDb;
  beforeEach(async () => {
    db = new ParqueDb('queries-test', { indexedDB: new IDBFactory(), IDBKeyRange });
    await db.workshops.bulkPut([
      workshop('w-on', { status: 'active' }),
      workshop('w-old'),
      workshop('w-off', { status: 'archived' })
    ]);
    await db.sessions.bulkPut([
      session('s-on', 'w-on', '2026-11-25T19:00:00.000Z'),
      session('s-old', 'w-old', '2026-11-26T19:00:00.000Z'),
      session('s-off', 'w-off', '2026-11-25T20:00:00.000Z'),
      // Its workshop has not arrived yet: shown, as before.
      session('s-later', 'w-later', '2026-11-27T19:00:00.000Z')
    ]);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('shows the week of listed workshops only', async () => {
    const week = await weekAtBranch(db, 'br-1', NOW, BOG);
    expect(week.sessions.map((s) => s.id).sort()).toEqual(['s-later', 's-old', 's-on']);
    expect([...week.workshops.keys()].sort()).toEqual(['w-old', 'w-on']);
  });

  it('still opens an archived workshop by id, as its tickets link to it', async () => {
    const detail = await workshopDetail(db, 'w-off');
    expect(detail.workshop?.title).toBe('Taller w-off');
    expect(detail.sessions.map((s) => s.id)).toEqual(['s-off']);
  });
});

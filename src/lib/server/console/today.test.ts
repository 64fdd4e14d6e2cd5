import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction } from '../db/index';
import { branch, category, session, testDb, workshop, type TestDb } from '../test/factories';
import { attentionOf, today } from './today';

const NOW = new Date('2026-11-25T15:00:00.000Z'); // 10:00 in Bogotá
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const HOUR = 3_600_000;

describe('devices that need attention', () => {
  it('flags never synced, silent for a day, and changes held for over an hour', () => {
    const base = {
      status: 'active',
      createdAt: ago(48 * HOUR),
      lastPushAt: null,
      lastPullAt: null,
      pendingCount: 0,
      pendingSince: null
    };
    expect(attentionOf(base, NOW)).toEqual(['never_synced']);
    expect(attentionOf({ ...base, lastPullAt: ago(23 * HOUR) }, NOW)).toEqual([]);
    expect(attentionOf({ ...base, lastPullAt: ago(25 * HOUR) }, NOW)).toEqual(['silent']);
    // Syncing, but with changes that have waited for two hours: they are stuck.
    const stuck = { ...base, lastPullAt: ago(60_000), pendingCount: 3 };
    expect(attentionOf({ ...stuck, pendingSince: ago(2 * HOUR) }, NOW)).toEqual(['pending']);
    expect(attentionOf({ ...stuck, pendingSince: ago(30 * 60_000) }, NOW)).toEqual([]);
    // A revoked device is nobody's worry.
    expect(attentionOf({ ...base, status: 'revoked', lastPullAt: ago(25 * HOUR) }, NOW)).toEqual(
      []
    );
  });
});

describe("a park's day", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await testDb();
    await writeTransaction(t.db, async (trx, v) => {
      await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
      await saveCategories(trx, 'categories', v, [category('cat-1')]);
      await saveCategories(trx, 'audiences', v, [category('aud-1')]);
      await saveWorkshops(trx, v, [workshop('w1', 'br-a'), workshop('w2', 'br-b')]);
      await saveSessions(trx, v, [
        // Early today (ended), later today, cancelled today, tomorrow, another park today.
        session('early', 'w1', 'br-a', {
          startsAt: '2026-11-25T05:30:00.000Z',
          endsAt: '2026-11-25T06:30:00.000Z',
          capacity: 10,
          seatsTaken: 4
        }),
        session('later', 'w1', 'br-a', {
          startsAt: '2026-11-25T20:00:00.000Z',
          endsAt: '2026-11-25T22:00:00.000Z',
          capacity: 10,
          seatsTaken: 3
        }),
        session('off', 'w1', 'br-a', {
          startsAt: '2026-11-25T21:00:00.000Z',
          endsAt: '2026-11-25T22:00:00.000Z',
          status: 'cancelled',
          seatsTaken: 0
        }),
        session('tomorrow', 'w1', 'br-a', {
          startsAt: '2026-11-26T14:00:00.000Z',
          endsAt: '2026-11-26T16:00:00.000Z'
        }),
        session('other', 'w2', 'br-b', {
          startsAt: '2026-11-25T20:00:00.000Z',
          endsAt: '2026-11-25T22:00:00.000Z'
        })
      ]);
    });
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it("lists this park's sessions of today only, with totals that leave cancelled ones out", async () => {
    const day = await today(t.db, 'br-a', 'America/Bogota', NOW);
    expect(day.sessions.map((s) => s.id)).toEqual(['early', 'later', 'off']);
    expect(day.totals).toEqual({
      sessions: 2,
      cancelled: 1,
      confirmed: 7,
      waitlisted: 0,
      checkedIn: 0
    });
    expect(day.devices).toEqual([]);
  });
});

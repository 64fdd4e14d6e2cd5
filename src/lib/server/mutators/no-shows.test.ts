/** No-shows (issue 9 §4): read off the clock; their seats released with one tap at the desk. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_NO_SHOW_POLICY, isNoShow, noShowPolicyFrom } from '../../domain/no-shows';
import type { Mutation } from '../../domain/mutation';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction, type Db } from '../db/index';
import { push } from '../sync/push';
import { branch, category, registerArgs, session, stampAt, workshop } from '../test/factories';

const START = Date.parse('2026-11-27T14:00:00.000Z');
const END = START + 2 * 3_600_000;
const MIN = 60_000;

describe('who is a no-show', () => {
  const s = { endsAt: new Date(END).toISOString() };
  const t = (status: string, checkedIn: string | null = null) => ({ status, checkedIn });
  it('a confirmed ticket not checked in once the grace after the end has run out', () => {
    const grace = DEFAULT_NO_SHOW_POLICY.graceMinutes * MIN;
    expect(isNoShow(t('confirmed'), s, new Date(END + grace))).toBe(false);
    expect(isNoShow(t('confirmed'), s, new Date(END + grace + 1))).toBe(true);
    expect(isNoShow(t('confirmed', 'stamp'), s, new Date(END + grace + 1))).toBe(false);
    expect(isNoShow(t('waitlisted'), s, new Date(END + grace + 1))).toBe(false);
  });
  it('takes its minutes from the environment, or the defaults for nonsense', () => {
    expect(noShowPolicyFrom({ PARQUE_NO_SHOW_GRACE_MINUTES: '5' }).graceMinutes).toBe(5);
    for (const bad of ['-1', 'x', '1.5', '99999']) {
      expect(noShowPolicyFrom({ PARQUE_RELEASE_AFTER_MINUTES: bad })).toEqual(
        DEFAULT_NO_SHOW_POLICY
      );
    }
  });
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`releasing no-shows' seats (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;
    const desk = { id: crypto.randomUUID(), kind: 'desk' as const, branchId: 'br-a' };
    let next = 1;
    let wall = START - 86_400_000;
    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      next = 1;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
        await saveSessions(trx, v, [
          session('s1', 'w1', 'br-a', {
            capacity: 3,
            startsAt: new Date(START).toISOString(),
            endsAt: new Date(END).toISOString()
          })
        ]);
      });
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const deskPush = async (name: string, args: unknown, at: number) => {
      const m: Mutation = { id: next++, name, args, at: stampAt(at, 'desk') };
      const res = await push(
        db,
        { clientId: desk.id, branchId: 'br-a', pendingCount: 0, mutations: [m] },
        () => new Date(at),
        desk
      );
      return res.outcomes[0]!;
    };
    /** Three confirmed (the first checked in at the door) and two waiting. */
    async function fill() {
      const people = Array.from({ length: 5 }, (_, i) => registerArgs('s1', { name: `P${i}` }));
      for (const a of people) {
        const at = (wall += 1000);
        await push(
          db,
          {
            clientId: crypto.randomUUID(),
            branchId: 'br-a',
            pendingCount: 0,
            mutations: [{ id: 1, name: 'registerAttendee', args: a, at: stampAt(at) }]
          },
          () => new Date(at)
        );
      }
      expect(
        (await deskPush('checkIn', { code: people[0]!.code, sessionId: 's1' }, START + MIN)).status
      ).toBe('applied');
      return people;
    }
    const statuses = async () =>
      (
        await db
          .selectFrom('registrations')
          .select(['name', 'status', 'reason', 'position'])
          .orderBy('name')
          .execute()
      ).map((r) => `${r.name}:${r.status}${r.reason ? `/${r.reason}` : ''}`);
    const seats = () =>
      db
        .selectFrom('sessions')
        .select(['seats_taken', 'leased', 'capacity'])
        .where('id', '=', 's1')
        .executeTakeFirstOrThrow();

    it('to the waitlist: the not-arrived are released and the people waiting confirmed in order', async () => {
      await fill();
      const out = await deskPush(
        'releaseNoShows',
        { sessionId: 's1', to: 'waitlist' },
        START + 20 * MIN
      );
      expect(out.status).toBe('applied');
      expect(await statuses()).toEqual([
        'P0:confirmed',
        'P1:cancelled/no_show_released',
        'P2:cancelled/no_show_released',
        'P3:confirmed',
        'P4:confirmed'
      ]);
      expect(await seats()).toEqual({ seats_taken: 3, leased: 0, capacity: 3 });
      const audit = await db.selectFrom('audit_events').select(['kind', 'detail']).execute();
      expect(audit.map((a) => [a.kind, JSON.parse(a.detail!)])).toEqual([
        ['no_shows_released', { released: 2, to: 'waitlist', promoted: 2 }]
      ]);
      // Tapped again: nobody left to release, nothing recorded.
      await deskPush('releaseNoShows', { sessionId: 's1', to: 'waitlist' }, START + 21 * MIN);
      expect(await db.selectFrom('audit_events').select('kind').execute()).toHaveLength(1);
    });

    it('to walk-ins: the seats stay free and the waitlist waits', async () => {
      await fill();
      await deskPush('releaseNoShows', { sessionId: 's1', to: 'walk_ins' }, START + 20 * MIN);
      expect(await statuses()).toEqual([
        'P0:confirmed',
        'P1:cancelled/no_show_released',
        'P2:cancelled/no_show_released',
        'P3:waitlisted',
        'P4:waitlisted'
      ]);
      expect(await seats()).toEqual({ seats_taken: 1, leased: 0, capacity: 3 });
    });

    it('too early is refused, and changes nothing', async () => {
      await fill();
      const before = await statuses();
      const out = await deskPush(
        'releaseNoShows',
        { sessionId: 's1', to: 'waitlist' },
        START + 5 * MIN
      );
      expect(out).toMatchObject({ status: 'rejected', reason: 'too_early' });
      expect(await statuses()).toEqual(before);
    });
  });
}

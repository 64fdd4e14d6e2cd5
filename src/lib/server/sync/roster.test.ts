/**
 * The roster an enrolled kiosk or desk holds (issue 8 §4): today's and tomorrow's tickets
 * of its park, without registration ids, sent as a snapshot when it changed; and
 * cancelling by code resolved on the server, answering alike for every ticket it refuses.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation, PushRequest } from '../../domain/mutation';
import type { DeviceIdentity } from '../auth/types';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction } from '../db/index';
import {
  branch,
  category,
  registerArgs,
  session,
  stampAt,
  testDb,
  workshop,
  type TestDb
} from '../test/factories';
import { pull } from './pull';
import { push } from './push';

let t: TestDb;
// 10:00 in Bogotá on 25 November.
const NOW = new Date('2026-11-25T15:00:00.000Z');
const clock = () => NOW;
const PHONE = crypto.randomUUID();
const kioskA: DeviceIdentity = { id: crypto.randomUUID(), kind: 'kiosk', branchId: 'br-a' };
const kioskB: DeviceIdentity = { id: crypto.randomUUID(), kind: 'kiosk', branchId: 'br-b' };

beforeEach(async () => {
  t = await testDb();
  await writeTransaction(t.db, async (trx, v) => {
    await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
    await saveCategories(trx, 'categories', v, [category('cat-1')]);
    await saveCategories(trx, 'audiences', v, [category('aud-1')]);
    await saveWorkshops(trx, v, [workshop('w1', 'br-a'), workshop('w2', 'br-b')]);
    await saveSessions(trx, v, [
      // Today (later), tomorrow evening, the day after, and yesterday, in Bogotá.
      session('today', 'w1', 'br-a', { capacity: 1, startsAt: '2026-11-25T21:00:00.000Z' }),
      session('tomorrow', 'w1', 'br-a', { startsAt: '2026-11-27T01:00:00.000Z' }),
      session('after', 'w1', 'br-a', { startsAt: '2026-11-27T15:00:00.000Z' }),
      session('other-park', 'w2', 'br-b', { startsAt: '2026-11-25T21:00:00.000Z' })
    ]);
  });
});
afterEach(async () => {
  await t.cleanup();
});

let n = 0;
const seq = new Map<string, number>();
function m(name: string, args: unknown, client: string): Mutation {
  const id = (seq.get(client) ?? 0) + 1;
  seq.set(client, id);
  return { id, name, args, at: stampAt(NOW.getTime() - 60_000 + ++n * 1000, 'node') };
}
function req(client: string, branchId: string, mutations: Mutation[]): PushRequest {
  return { clientId: client, branchId, pendingCount: 0, mutations };
}
const fromPhone = (branchId: string, ...mutations: [string, unknown][]) =>
  push(
    t.db,
    req(
      PHONE,
      branchId,
      mutations.map(([name, args]) => m(name, args, PHONE))
    ),
    clock
  );
const fromKiosk = (kiosk: DeviceIdentity, ...mutations: [string, unknown][]) =>
  push(
    t.db,
    req(
      kiosk.id,
      kiosk.branchId ?? '',
      mutations.map(([name, args]) => m(name, args, kiosk.id))
    ),
    clock,
    kiosk
  );
const rosterFor = (kiosk: DeviceIdentity, now = NOW, rosterDigest?: string) =>
  pull(t.db, {
    branch: kiosk.branchId ?? '',
    client: kiosk.id,
    roster: true,
    rosterDigest,
    now
  });
const status = async (code: string) =>
  (
    await t.db
      .selectFrom('registrations')
      .select('status')
      .where('code', '=', code)
      .executeTakeFirstOrThrow()
  ).status;

beforeEach(() => {
  seq.clear();
});

describe('the roster snapshot', () => {
  it('holds only today’s and tomorrow’s tickets of the park, with first names and no ids', async () => {
    const ana = registerArgs('today', { name: 'Ana María Gómez', contact: 'ana@example.org' });
    const beto = registerArgs('today', { name: 'Beto Ruiz' }); // waitlisted: capacity 1
    const carla = registerArgs('tomorrow', { name: 'Carla Ríos' });
    const dora = registerArgs('after', { name: 'Dora Paz' });
    const eva = registerArgs('other-park', { name: 'Eva Sol' });
    await fromPhone(
      'br-a',
      ['registerAttendee', ana],
      ['registerAttendee', beto],
      ['registerAttendee', carla],
      ['registerAttendee', dora]
    );
    await fromPhone('br-b', ['registerAttendee', eva]);

    const page = await rosterFor(kioskA);
    const entries = page.roster?.entries ?? [];
    expect(entries.map((e) => [e.sessionId, e.firstName, e.status]).sort()).toEqual([
      ['today', 'Ana', 'confirmed'],
      ['today', 'Beto', 'waitlisted'],
      ['tomorrow', 'Carla', 'confirmed']
    ]);
    const text = JSON.stringify(page.roster);
    for (const secret of [ana.registrationId, beto.registrationId, 'example.org', 'Gómez']) {
      expect(text).not.toContain(secret);
    }
    expect(entries.find((e) => e.firstName === 'Ana')).toEqual({
      id: `today.${ana.code}`,
      sessionId: 'today',
      workshopId: 'w1',
      code: ana.code,
      firstName: 'Ana',
      status: 'confirmed',
      checkedIn: null
    });
  });

  it('comes again only when it changed, and moves with the clock without any write', async () => {
    const carla = registerArgs('tomorrow', { name: 'Carla Ríos' });
    const dora = registerArgs('after', { name: 'Dora Paz' });
    await fromPhone('br-a', ['registerAttendee', carla], ['registerAttendee', dora]);
    const first = await rosterFor(kioskA);
    const digest = first.roster?.digest;
    expect(digest).toMatch(/^[0-9a-f]{32}$/);
    const same = await rosterFor(kioskA, NOW, digest);
    expect(same.roster).toBeUndefined();

    // A check-in changes it.
    await fromKiosk(kioskA, ['checkIn', { code: carla.code }]);
    const checked = await rosterFor(kioskA, NOW, digest);
    expect(checked.roster?.digest).not.toBe(digest);
    expect(checked.roster?.entries[0]?.checkedIn).not.toBeNull();

    // Two days later Carla's session is gone from it and Dora's has come in, with no write.
    const later = new Date(NOW.getTime() + 2 * 86_400_000);
    const moved = await rosterFor(kioskA, later, checked.roster?.digest);
    expect(moved.roster?.entries.map((e) => e.firstName)).toEqual(['Dora']);
  });

  it('goes to nobody who is not an enrolled kiosk or desk of the park', async () => {
    await fromPhone('br-a', ['registerAttendee', registerArgs('today')]);
    const phone = await pull(t.db, { branch: 'br-a', client: PHONE, now: NOW });
    expect(phone.roster).toBeUndefined();
    expect(JSON.stringify(phone)).not.toContain('"roster"');
  });

  it('comes with the last page of a paged pull only', async () => {
    await fromPhone('br-a', ['registerAttendee', registerArgs('today')]);
    let page = await pull(t.db, {
      branch: 'br-a',
      client: kioskA.id,
      roster: true,
      now: NOW,
      limit: 2
    });
    let pages = 1;
    while (page.more) {
      expect(page.roster).toBeUndefined();
      page = await pull(t.db, {
        branch: 'br-a',
        client: kioskA.id,
        roster: true,
        now: NOW,
        limit: 2,
        cursor: page.cursor
      });
      pages++;
    }
    expect(pages).toBeGreaterThan(2);
    expect(page.roster?.entries).toHaveLength(1);
  });
});

describe('cancel by code (resolved on the server)', () => {
  it('cancels a ticket of the kiosk’s park and promotes the waitlist', async () => {
    const ana = registerArgs('today', { name: 'Ana' });
    const beto = registerArgs('today', { name: 'Beto' });
    await fromPhone('br-a', ['registerAttendee', ana], ['registerAttendee', beto]);
    expect(await status(beto.code)).toBe('waitlisted');
    const res = await fromKiosk(kioskA, ['cancelByCode', { code: ana.code, sessionId: 'today' }]);
    expect(res.outcomes[0]).toMatchObject({ status: 'applied' });
    expect(await status(ana.code)).toBe('cancelled');
    expect(await status(beto.code)).toBe('confirmed');
  });

  it('answers an unknown code, another park’s ticket and a cancelled one alike', async () => {
    const ana = registerArgs('today', { name: 'Ana' });
    const eva = registerArgs('other-park', { name: 'Eva' });
    await fromPhone('br-a', ['registerAttendee', ana]);
    await fromPhone('br-b', ['registerAttendee', eva]);
    await fromKiosk(kioskA, ['cancelByCode', { code: ana.code }]);
    const res = await fromKiosk(
      kioskA,
      ['cancelByCode', { code: 'ACDEFGHJ' }],
      ['cancelByCode', { code: eva.code }],
      ['cancelByCode', { code: ana.code }]
    );
    const answers = res.outcomes.map(({ status, reason }) => ({ status, reason }));
    expect(answers).toEqual([
      { status: 'rejected', reason: 'not_found' },
      { status: 'rejected', reason: 'not_found' },
      { status: 'rejected', reason: 'not_found' }
    ]);
    expect(await status(eva.code)).toBe('confirmed');
    // The kiosk of the other park can cancel it.
    await fromKiosk(kioskB, ['cancelByCode', { code: eva.code }]);
    expect(await status(eva.code)).toBe('cancelled');
  });

  it('is refused to phones, which cancel their own tickets by id and code', async () => {
    const ana = registerArgs('today', { name: 'Ana' });
    await fromPhone('br-a', ['registerAttendee', ana]);
    const phoneDevice: DeviceIdentity = { id: PHONE, kind: 'phone', branchId: null };
    const res = await push(
      t.db,
      req(PHONE, 'br-a', [m('cancelByCode', { code: ana.code }, PHONE)]),
      clock,
      phoneDevice
    );
    expect(res.outcomes[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(await status(ana.code)).toBe('confirmed');
  });
});

describe('ticket codes within a session', () => {
  it('a code already used in the session is refused, so a code names one ticket', async () => {
    const ana = registerArgs('tomorrow', { name: 'Ana' });
    const copy = registerArgs('tomorrow', { name: 'Otra persona', code: ana.code });
    const res = await fromPhone('br-a', ['registerAttendee', ana], ['registerAttendee', copy]);
    expect(res.outcomes.map((o) => o.reason)).toEqual([null, 'code_in_use']);
    const rows = await t.db.selectFrom('registrations').select('id').execute();
    expect(rows).toHaveLength(1);
  });
});

/**
 * createSeries on a real database: every session once, in the workshop's own park, by the
 * roles allowed, and nothing at all when the series is refused.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSeriesArgs } from '../../domain/series';
import { REJECTIONS } from '../../domain/rejections';
import type { DeviceIdentity, StaffIdentity } from '../auth/types';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import { saveBranches, saveCategories, saveWorkshops } from '../catalogue';
import { applyStaffMutation } from '../console/apply';
import { writeTransaction, type Db } from '../db/index';
import { push } from '../sync/push';
import { branch, category, stampAt, workshop } from '../test/factories';

const NOW = new Date('2026-06-25T15:00:00.000Z');

const staff = (role: StaffIdentity['role'], branchIds = ['br-a']): StaffIdentity => ({
  id: `st-${role}`,
  email: `${role}@parque.example`,
  name: role,
  role,
  branchIds,
  sessionId: 'x',
  mustChangePassword: false
});

/** Mondays from 6 July 2026 at 15:00 for four weeks; 20 July (Independence) skipped. */
const seriesArgs = (over: Partial<CreateSeriesArgs> = {}): CreateSeriesArgs => ({
  seriesId: crypto.randomUUID(),
  workshopId: 'w1',
  rrule: 'FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=4',
  startsLocal: '2026-07-06T15:00',
  durationMinutes: 90,
  room: 'Sala 2',
  capacity: 12,
  exdates: ['2026-07-20'],
  ...over
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`createSeries (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a'), workshop('w-b', 'br-b')]);
      });
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const sessionsOf = (seriesId: string) =>
      db
        .selectFrom('sessions')
        .select(['id', 'starts_at', 'ends_at', 'room', 'capacity', 'seats_taken', 'status'])
        .where('series_id', '=', seriesId)
        .orderBy('starts_at')
        .execute();
    const counts = async () => ({
      series: Number(
        (
          await db
            .selectFrom('series')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n
      ),
      sessions: Number(
        (
          await db
            .selectFrom('sessions')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirst()
        )?.n
      )
    });

    it('writes the series and a session per date not skipped, and audits it', async () => {
      const args = seriesArgs();
      const res = await applyStaffMutation(
        db,
        staff('librarian'),
        'br-a',
        'createSeries',
        args,
        NOW
      );
      expect(res).toEqual({
        ok: true,
        edit: {
          kind: 'series_created',
          subject: args.seriesId,
          detail: { workshopId: 'w1', count: 3, skipped: 1 }
        }
      });
      const rows = await sessionsOf(args.seriesId);
      expect(rows.map((r) => r.starts_at)).toEqual([
        '2026-07-06T20:00:00.000Z',
        '2026-07-13T20:00:00.000Z',
        '2026-07-27T20:00:00.000Z'
      ]);
      expect(rows[0]).toMatchObject({
        id: `${args.seriesId}-20260706`,
        ends_at: '2026-07-06T21:30:00.000Z',
        room: 'Sala 2',
        status: 'scheduled'
      });
      expect(rows.map((r) => [Number(r.capacity), Number(r.seats_taken)])).toEqual([
        [12, 0],
        [12, 0],
        [12, 0]
      ]);
      const series = await db
        .selectFrom('series')
        .selectAll()
        .where('id', '=', args.seriesId)
        .executeTakeFirstOrThrow();
      expect(series).toMatchObject({
        workshop_id: 'w1',
        branch_id: 'br-a',
        starts_local: '2026-07-06T15:00',
        created_by: 'st-librarian'
      });
      expect(JSON.parse(series.exdates)).toEqual(['2026-07-20']);
      const audit = await db
        .selectFrom('audit_events')
        .select(['kind', 'staff_id', 'branch_id', 'subject', 'detail'])
        .where('kind', '=', 'series_created')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ staff_id: 'st-librarian', branch_id: 'br-a' });
    });

    it('makes nothing twice when the same series is sent again', async () => {
      const args = seriesArgs();
      await applyStaffMutation(db, staff('librarian'), 'br-a', 'createSeries', args, NOW);
      const before = await counts();
      const again = await applyStaffMutation(
        db,
        staff('librarian'),
        'br-a',
        'createSeries',
        args,
        NOW
      );
      expect(again).toEqual({ ok: true, edit: null });
      expect(await counts()).toEqual(before);
      expect(before).toEqual({ series: 1, sessions: 3 });
      const audited = await db
        .selectFrom('audit_events')
        .select('id')
        .where('kind', '=', 'series_created')
        .execute();
      expect(audited).toHaveLength(1);
    });

    it("refuses another park's workshop, and one outside the member's parks", async () => {
      // w-b belongs to br-b: asked for in br-a, it is not found there.
      const wrongPark = await applyStaffMutation(
        db,
        staff('librarian'),
        'br-a',
        'createSeries',
        seriesArgs({ workshopId: 'w-b' }),
        NOW
      );
      expect(wrongPark).toEqual({ ok: false, reason: REJECTIONS.notFound });
      // A librarian of br-a cannot act in br-b at all.
      const notHers = await applyStaffMutation(
        db,
        staff('librarian'),
        'br-b',
        'createSeries',
        seriesArgs({ workshopId: 'w-b' }),
        NOW
      );
      expect(notHers).toEqual({ ok: false, reason: REJECTIONS.forbidden });
      expect(await counts()).toEqual({ series: 0, sessions: 0 });
    });

    it('refuses a facilitator, an archived workshop and a bad rule, writing nothing', async () => {
      const facilitator = await applyStaffMutation(
        db,
        staff('facilitator'),
        'br-a',
        'createSeries',
        seriesArgs(),
        NOW
      );
      expect(facilitator).toEqual({ ok: false, reason: REJECTIONS.forbidden });

      const bad = await applyStaffMutation(
        db,
        staff('admin', []),
        'br-a',
        'createSeries',
        seriesArgs({ rrule: 'FREQ=WEEKLY;BYDAY=MO' }),
        NOW
      );
      expect(bad).toMatchObject({ ok: false, reason: REJECTIONS.invalidArgs });
      expect(!bad.ok && bad.message).toMatch(/must end/);

      await db
        .updateTable('workshops')
        .set({ status: 'archived' })
        .where('id', '=', 'w1')
        .execute();
      const archived = await applyStaffMutation(
        db,
        staff('librarian'),
        'br-a',
        'createSeries',
        seriesArgs(),
        NOW
      );
      expect(archived).toEqual({ ok: false, reason: REJECTIONS.workshopArchived });
      expect(await counts()).toEqual({ series: 0, sessions: 0 });
    });

    it('is applied from a desk of the park, and refused from its kiosk', async () => {
      const desk: DeviceIdentity = { id: crypto.randomUUID(), kind: 'desk', branchId: 'br-a' };
      const kiosk: DeviceIdentity = { id: crypto.randomUUID(), kind: 'kiosk', branchId: 'br-a' };
      const send = (device: DeviceIdentity, args: CreateSeriesArgs) =>
        push(
          db,
          {
            clientId: device.id,
            branchId: 'br-a',
            pendingCount: 0,
            mutations: [{ id: 1, name: 'createSeries', args, at: stampAt(NOW.getTime() - 60_000) }]
          },
          () => NOW,
          device
        );
      const fromKiosk = await send(kiosk, seriesArgs());
      expect(fromKiosk.outcomes[0]).toMatchObject({
        status: 'rejected',
        reason: REJECTIONS.forbidden
      });
      expect(await counts()).toEqual({ series: 0, sessions: 0 });

      const args = seriesArgs({ exdates: [] });
      const fromDesk = await send(desk, args);
      expect(fromDesk.outcomes[0]).toMatchObject({ status: 'applied' });
      expect(await sessionsOf(args.seriesId)).toHaveLength(4);
      const audit = await db
        .selectFrom('audit_events')
        .select(['device_id', 'staff_id'])
        .where('kind', '=', 'series_created')
        .executeTakeFirstOrThrow();
      expect(audit).toEqual({ device_id: desk.id, staff_id: null });
    });

    it('refuses a series id reused for another workshop', async () => {
      await writeTransaction(db, (trx, v) => saveWorkshops(trx, v, [workshop('w2', 'br-a')]));
      const args = seriesArgs();
      await applyStaffMutation(db, staff('librarian'), 'br-a', 'createSeries', args, NOW);
      const reused = await applyStaffMutation(
        db,
        staff('librarian'),
        'br-a',
        'createSeries',
        { ...args, workshopId: 'w2' },
        NOW
      );
      expect(reused).toEqual({ ok: false, reason: REJECTIONS.idReused });
      expect(await counts()).toEqual({ series: 1, sessions: 3 });
    });
  });
}

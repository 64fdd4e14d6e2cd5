/**
 * Workshop edits on a real database (issue 9 §2): created in the park of the edit, edited
 * field by field last-writer-wins, archived; refused for another park, bad references,
 * blank or over-long texts, and facilitators. The console and a desk's push go through the
 * same mutators, and an offline desk edit with an older stamp loses to the console's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../domain/mutation';
import { WORKSHOP_REJECTIONS, WORKSHOP_TEXT_LIMITS } from '../../domain/workshop-edit';
import { TEST_BACKENDS, type TestDatabase } from '../auth/test-databases';
import type { DeviceIdentity, StaffIdentity } from '../auth/types';
import { saveBranches, saveCategories, saveWorkshops } from '../catalogue';
import { applyStaffMutation } from '../console/apply';
import { writeTransaction, type Db } from '../db/index';
import { push } from '../sync/push';
import { branch, category, stampAt, workshop } from '../test/factories';

const NOW = new Date('2026-11-25T15:00:00.000Z');

const staff = (role: StaffIdentity['role'], branchIds = ['br-a']): StaffIdentity => ({
  id: `st-${role}`,
  email: `${role}@parque.test`,
  name: role,
  role,
  branchIds,
  sessionId: 'x',
  mustChangePassword: false
});
const LIBRARIAN = staff('librarian');

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`workshop mutators (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;
    let desk: DeviceIdentity;
    let deskMutation = 0;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
        await saveCategories(trx, 'categories', v, [category('cat-1'), category('cat-2')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1'), category('aud-2')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a'), workshop('w-b', 'br-b')]);
      });
      desk = { id: crypto.randomUUID(), kind: 'desk', branchId: 'br-a' };
      deskMutation = 0;
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const row = (id: string) =>
      db.selectFrom('workshops').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const audits = (id: string) =>
      db
        .selectFrom('audit_events')
        .selectAll()
        .where('subject', '=', id)
        .orderBy('at')
        .execute()
        .then((rows) =>
          rows.map((r) => ({
            ...r,
            detail: JSON.parse(r.detail ?? '{}') as Record<string, unknown>
          }))
        );
    /** A desk's push of one mutation stamped at `wall`, received at `receivedAt`. */
    const deskPush = async (
      name: Mutation['name'],
      args: unknown,
      wall: number,
      receivedAt = NOW
    ) => {
      deskMutation += 1;
      const res = await push(
        db,
        {
          clientId: desk.id,
          branchId: 'br-a',
          pendingCount: 0,
          mutations: [{ id: deskMutation, name, args, at: stampAt(wall, 'desk') }]
        },
        () => receivedAt,
        desk
      );
      return res.outcomes[0]!;
    };
    const save = (fields: Record<string, unknown>, who = LIBRARIAN, id = 'w1', now = NOW) =>
      applyStaffMutation(db, who, 'br-a', 'saveWorkshop', { workshopId: id, fields } as never, now);

    it('creates a workshop in the park of the edit, with the fields sent', async () => {
      const id = crypto.randomUUID();
      const r = await save(
        { title: 'Robótica', categoryId: 'cat-2', audienceIds: ['aud-1', 'aud-2'], room: 'Sala 3' },
        LIBRARIAN,
        id
      );
      expect(r).toMatchObject({ ok: true, edit: { kind: 'workshop_created', subject: id } });
      const w = await row(id);
      expect(w).toMatchObject({
        branch_id: 'br-a',
        title: 'Robótica',
        category_id: 'cat-2',
        audience_ids: '["aud-1","aud-2"]',
        room: 'Sala 3',
        summary: '',
        status: 'active'
      });
      expect(Object.keys(JSON.parse(w.field_stamps) as object).sort()).toEqual([
        'audienceIds',
        'categoryId',
        'room',
        'title'
      ]);
      const [a] = await audits(id);
      expect(a).toMatchObject({
        kind: 'workshop_created',
        staff_id: LIBRARIAN.id,
        branch_id: 'br-a'
      });
      expect(a!.detail).toMatchObject({ 'title.before': '', 'title.after': 'Robótica' });
    });

    it('keeps each audience once', async () => {
      await save({ audienceIds: ['aud-2', 'aud-1', 'aud-2'] });
      expect((await row('w1')).audience_ids).toBe('["aud-2","aud-1"]');
    });

    it('edits only the fields sent and audits before and after', async () => {
      const r = await save({ title: 'Correo seguro', bring: 'Cédula' });
      expect(r).toMatchObject({ ok: true, edit: { kind: 'workshop_edited' } });
      const w = await row('w1');
      expect(w).toMatchObject({ title: 'Correo seguro', bring: 'Cédula', summary: 'Resumen' });
      const [a] = await audits('w1');
      expect(a!.detail).toMatchObject({
        applied: 'title,bring',
        overwritten: '',
        'title.before': 'Taller w1',
        'title.after': 'Correo seguro',
        'bring.before': '',
        'bring.after': 'Cédula'
      });
      expect(a!.detail).not.toHaveProperty('summary.before');
    });

    it("keeps the console's value when an older offline desk edit arrives after it", async () => {
      // The desk edited title and room at 14:50 while offline; the librarian changed the
      // title on the console at 15:00; the desk's push arrives at 15:05.
      expect(await save({ title: 'Del mostrador no' })).toMatchObject({ ok: true });
      const outcome = await deskPush(
        'saveWorkshop',
        { workshopId: 'w1', fields: { title: 'Del mostrador', room: 'Auditorio' } },
        NOW.getTime() - 10 * 60_000,
        new Date(NOW.getTime() + 5 * 60_000)
      );
      expect(outcome).toEqual({ id: 1, status: 'applied', reason: null });
      const w = await row('w1');
      expect(w.title).toBe('Del mostrador no');
      expect(w.room).toBe('Auditorio');
      const deskAudit = (await audits('w1')).find((a) => a.device_id === desk.id);
      expect(deskAudit).toMatchObject({ kind: 'workshop_edited', staff_id: null });
      expect(deskAudit!.detail).toMatchObject({
        applied: 'room',
        overwritten: 'title',
        'title.sent': 'Del mostrador'
      });
    });

    it('lets a later desk edit replace an earlier console one, field by field', async () => {
      await save(
        { title: 'Primero', room: 'Sala 1' },
        LIBRARIAN,
        'w1',
        new Date(NOW.getTime() - 60_000)
      );
      await deskPush(
        'saveWorkshop',
        { workshopId: 'w1', fields: { title: 'Después' } },
        NOW.getTime()
      );
      expect(await row('w1')).toMatchObject({ title: 'Después', room: 'Sala 1' });
    });

    it('archives and unarchives by the same rule, and an older archive loses', async () => {
      const r = await applyStaffMutation(
        db,
        LIBRARIAN,
        'br-a',
        'archiveWorkshop',
        {
          workshopId: 'w1',
          archived: true
        },
        NOW
      );
      expect(r).toMatchObject({ ok: true, edit: { kind: 'workshop_archived', subject: 'w1' } });
      expect((await row('w1')).status).toBe('archived');
      // A desk that unarchived it earlier, offline, does not bring it back.
      const outcome = await deskPush(
        'archiveWorkshop',
        { workshopId: 'w1', archived: false },
        NOW.getTime() - 60_000
      );
      expect(outcome.status).toBe('applied');
      expect((await row('w1')).status).toBe('archived');
      const last = (await audits('w1')).find((a) => a.device_id === desk.id)!;
      expect(last.detail).toMatchObject({ overwritten: 'status', archived: false });
      await applyStaffMutation(
        db,
        LIBRARIAN,
        'br-a',
        'archiveWorkshop',
        {
          workshopId: 'w1',
          archived: false
        },
        new Date(NOW.getTime() + 1000)
      );
      expect((await row('w1')).status).toBe('active');
    });

    it("refuses another park's workshop, from the console and from a desk", async () => {
      const before = await row('w-b');
      expect(await save({ title: 'Ajeno' }, LIBRARIAN, 'w-b')).toEqual({
        ok: false,
        reason: WORKSHOP_REJECTIONS.otherPark
      });
      expect(
        await deskPush(
          'saveWorkshop',
          { workshopId: 'w-b', fields: { title: 'Ajeno' } },
          NOW.getTime()
        )
      ).toMatchObject({ status: 'rejected', reason: WORKSHOP_REJECTIONS.otherPark });
      expect(
        await deskPush('archiveWorkshop', { workshopId: 'w-b', archived: true }, NOW.getTime())
      ).toMatchObject({ status: 'rejected', reason: WORKSHOP_REJECTIONS.otherPark });
      expect(await row('w-b')).toEqual(before);
      // A librarian of park A cannot act in park B at all.
      expect(
        await applyStaffMutation(db, LIBRARIAN, 'br-b', 'saveWorkshop', {
          workshopId: 'w-b',
          fields: { title: 'Ajeno' }
        })
      ).toEqual({ ok: false, reason: 'forbidden' });
      expect(await audits('w-b')).toEqual([]);
    });

    it('refuses a facilitator, and a kiosk, and changes nothing', async () => {
      const before = await row('w1');
      expect(await save({ title: 'No' }, staff('facilitator'))).toEqual({
        ok: false,
        reason: 'forbidden'
      });
      const kiosk: DeviceIdentity = { id: crypto.randomUUID(), kind: 'kiosk', branchId: 'br-a' };
      const res = await push(
        db,
        {
          clientId: kiosk.id,
          branchId: 'br-a',
          pendingCount: 0,
          mutations: [
            {
              id: 1,
              name: 'saveWorkshop',
              args: { workshopId: 'w1', fields: { title: 'No' } },
              at: stampAt(NOW.getTime(), 'kiosk')
            }
          ]
        },
        () => NOW,
        kiosk
      );
      expect(res.outcomes[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      expect(await row('w1')).toEqual(before);
    });

    it('refuses unknown categories and audiences, blank and over-long texts', async () => {
      const before = await row('w1');
      const cases: [Record<string, unknown>, string][] = [
        [{ categoryId: 'cat-nope' }, WORKSHOP_REJECTIONS.categoryUnknown],
        [{ audienceIds: ['aud-1', 'aud-nope'] }, WORKSHOP_REJECTIONS.audienceUnknown],
        [{ title: '  ' }, WORKSHOP_REJECTIONS.titleEmpty],
        [{ summary: 'x'.repeat(WORKSHOP_TEXT_LIMITS.summary + 1) }, WORKSHOP_REJECTIONS.tooLong],
        [{ title: 'Bien', room: 'x'.repeat(121) }, WORKSHOP_REJECTIONS.tooLong]
      ];
      for (const [fields, reason] of cases) {
        expect(await save(fields)).toEqual({ ok: false, reason });
        expect(
          await deskPush('saveWorkshop', { workshopId: 'w1', fields }, NOW.getTime())
        ).toMatchObject({ status: 'rejected', reason });
      }
      expect(await row('w1')).toEqual(before);
      expect(await audits('w1')).toEqual([]);
    });

    it('refuses to create without a UUID, a title or a category', async () => {
      expect(await save({ title: 'Sin id', categoryId: 'cat-1' }, LIBRARIAN, 'not-a-uuid')).toEqual(
        {
          ok: false,
          reason: WORKSHOP_REJECTIONS.idNotUuid
        }
      );
      const id = crypto.randomUUID();
      expect(await save({ summary: 'solo' }, LIBRARIAN, id)).toEqual({
        ok: false,
        reason: WORKSHOP_REJECTIONS.unknown
      });
      expect(await save({ title: 'Sin tema' }, LIBRARIAN, id)).toEqual({
        ok: false,
        reason: WORKSHOP_REJECTIONS.categoryMissing
      });
      expect(
        await applyStaffMutation(db, LIBRARIAN, 'br-a', 'archiveWorkshop', {
          workshopId: id,
          archived: true
        })
      ).toEqual({ ok: false, reason: WORKSHOP_REJECTIONS.unknown });
      const n = await db.selectFrom('workshops').select('id').where('id', '=', id).execute();
      expect(n).toEqual([]);
    });

    it('bumps the version so devices pull the change', async () => {
      const before = await row('w1');
      await save({ facilitator: 'Equipo nuevo' });
      expect(Number((await row('w1')).version)).toBeGreaterThan(Number(before.version));
    });
  });
}

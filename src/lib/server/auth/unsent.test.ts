/**
 * What a revoked kiosk had not sent (issue 8 §2): staff send it under their session, once,
 * or discard it, and either choice is in the audit trail.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mutation } from '../../domain/mutation';
import type { UnsentRequest } from '../../domain/unsent';
import { saveBranches, saveCategories, saveSessions, saveWorkshops } from '../catalogue';
import { writeTransaction, type Db } from '../db/index';
import { branch, category, registerArgs, session, stampAt, workshop } from '../test/factories';
import { push } from '../sync/push';
import { createEnrolment, enrolDevice, revokeDevice } from './devices';
import { TEST_BACKENDS, type TestDatabase } from './test-databases';
import type { DeviceIdentity, StaffIdentity } from './types';
import { handleUnsent, UnsentError } from './unsent';

const NOW = new Date('2026-11-25T15:00:00.000Z');

const staffOf = (role: StaffIdentity['role'], branchIds: string[]): StaffIdentity => ({
  id: `staff-${role}-${branchIds.join('-')}`,
  email: 'x@parque.example',
  name: 'X',
  role,
  branchIds,
  sessionId: 's',
  mustChangePassword: false
});
const librarian = staffOf('librarian', ['br-a']);

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(`unsent changes of a refused kiosk (${backend.name})`, () => {
    let t: TestDatabase;
    let db: Db;
    let kiosk: DeviceIdentity;

    beforeEach(async () => {
      t = await backend.open();
      db = t.db;
      await writeTransaction(db, async (trx, v) => {
        await saveBranches(trx, v, [branch('br-a'), branch('br-b')]);
        await saveCategories(trx, 'categories', v, [category('cat-1')]);
        await saveCategories(trx, 'audiences', v, [category('aud-1')]);
        await saveWorkshops(trx, v, [workshop('w1', 'br-a')]);
        await saveSessions(trx, v, [
          session('s1', 'w1', 'br-a', { capacity: 10, startsAt: '2026-11-26T14:00:00.000Z' })
        ]);
      });
      const { code } = await createEnrolment(
        db,
        { branchId: 'br-a', kind: 'kiosk', staffId: 'staff-1' },
        NOW
      );
      const issued = await enrolDevice(db, code, {}, NOW);
      kiosk = { id: issued.deviceId, kind: 'kiosk', branchId: 'br-a' };
    });
    afterEach(async () => {
      await t.cleanup();
    });

    const registration = (id: number, name: string): Mutation => ({
      id,
      name: 'registerAttendee',
      args: registerArgs('s1', { name }),
      at: stampAt(NOW.getTime() - 60_000 + id, 'kiosk')
    });
    const request = (over: Partial<UnsentRequest> = {}): UnsentRequest => ({
      action: 'send',
      deviceId: kiosk.id,
      branchId: 'br-a',
      kind: 'kiosk',
      mutations: [registration(1, 'Ana'), registration(2, 'Beto')],
      ...over
    });
    const names = async () =>
      (await db.selectFrom('registrations').select('name').orderBy('name').execute()).map(
        (r) => r.name
      );
    const auditKinds = async () =>
      (await db.selectFrom('audit_events').select(['kind', 'staff_id', 'detail']).execute()).filter(
        (e) => e.kind.startsWith('orphan_')
      );

    it('a librarian of the park sends them once, as the kiosk would have, and it is audited', async () => {
      await revokeDevice(db, kiosk.id, 'staff-1', NOW);
      const req = request();
      const sent = await handleUnsent(db, librarian, req, NOW);
      expect(sent).toMatchObject({ action: 'send', applied: 2, rejected: 0 });
      // Sent twice (the answer was lost): nothing twice.
      await handleUnsent(db, librarian, req, NOW);
      expect(await names()).toEqual(['Ana', 'Beto']);
      const events = await auditKinds();
      expect(events.map((e) => [e.kind, e.staff_id])).toEqual([
        ['orphan_sent', librarian.id],
        ['orphan_sent', librarian.id]
      ]);
      expect(JSON.parse(events[0]!.detail!)).toMatchObject({ count: 2, registrations: 2 });
      expect(JSON.stringify(events)).not.toContain('Ana');
    });

    it('skips what the kiosk had sent before it was revoked (a lost answer)', async () => {
      const first = registration(1, 'Ana');
      await push(
        db,
        { clientId: kiosk.id, branchId: 'br-a', pendingCount: 0, mutations: [first] },
        () => NOW,
        kiosk
      );
      await revokeDevice(db, kiosk.id, 'staff-1', NOW);
      // The kiosk never heard back, so its copy still holds 1 as well as 2.
      const sent = await handleUnsent(
        db,
        librarian,
        request({ mutations: [first, registration(2, 'Beto')] }),
        NOW
      );
      expect(sent).toMatchObject({ applied: 1 });
      expect(await names()).toEqual(['Ana', 'Beto']);
    });

    it('a device the server has forgotten (a restore) sends under a new identity', async () => {
      const req = request({ deviceId: crypto.randomUUID() });
      req.mutations = [registration(7, 'Carla'), registration(8, 'Dora')];
      const sent = await handleUnsent(db, librarian, req, NOW);
      expect(sent).toMatchObject({ applied: 2 });
      expect(await names()).toEqual(['Carla', 'Dora']);
    });

    it('discarding changes nothing but the audit trail', async () => {
      await revokeDevice(db, kiosk.id, 'staff-1', NOW);
      const res = await handleUnsent(db, librarian, request({ action: 'discard' }), NOW);
      expect(res).toMatchObject({ action: 'discard', discarded: 2 });
      expect(await names()).toEqual([]);
      expect((await auditKinds()).map((e) => e.kind)).toEqual(['orphan_discarded']);
    });

    it('is refused to a facilitator, to staff of another park and for an active device', async () => {
      const refused = async (staff: StaffIdentity, req: UnsentRequest) => {
        const e = await handleUnsent(db, staff, req, NOW).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(UnsentError);
        return (e as UnsentError).status;
      };
      expect(await refused(librarian, request())).toBe(409); // still enrolled
      await revokeDevice(db, kiosk.id, 'staff-1', NOW);
      expect(await refused(staffOf('facilitator', ['br-a']), request())).toBe(403);
      expect(await refused(staffOf('librarian', ['br-b']), request())).toBe(403);
      // Naming another park for a device the server knows changes nothing: its own counts.
      expect(await refused(staffOf('librarian', ['br-b']), request({ branchId: 'br-b' }))).toBe(
        403
      );
      expect(await names()).toEqual([]);
      expect(await auditKinds()).toEqual([]);
      const admin = await handleUnsent(db, staffOf('admin', []), request(), NOW);
      expect(admin.applied).toBe(2);
    });
  });
}

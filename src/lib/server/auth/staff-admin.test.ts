/**
 * What the console's staff page relies on (issue 9, item 8): the last active admin cannot
 * be disabled or demoted, not even by two admins at once; a change of parks is audited
 * with before and after; a change that changes nothing writes nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { saveBranches } from '../catalogue';
import { writeTransaction } from '../db/index';
import { branch } from '../test/factories';
import {
  changeRole,
  createStaff,
  getStaff,
  lastSignIns,
  setStaffStatus,
  signIn,
  type NewStaff
} from './staff';
import { TEST_BACKENDS, type TestDatabase } from './test-databases';

let t: TestDatabase;
const NOW = new Date('2026-11-25T15:00:00.000Z');
const PASSWORD = 'una clave bastante larga';

let n = 0;
const person = (over: Partial<NewStaff> = {}): NewStaff => ({
  email: `admin${++n}@parque.example`,
  name: `Persona ${n}`,
  role: 'admin',
  parks: [],
  password: PASSWORD,
  ...over
});

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(backend.name, () => {
    beforeEach(async () => {
      t = await backend.open();
      await writeTransaction(t.db, (trx, v) =>
        saveBranches(trx, v, [branch('br-a'), branch('br-b'), branch('br-c')])
      );
    });
    afterEach(() => t.cleanup());

    const audits = (kind: string) =>
      t.db.selectFrom('audit_events').selectAll().where('kind', '=', kind).execute();
    const activeAdmins = async () =>
      (
        await t.db
          .selectFrom('staff')
          .select('id')
          .where('role', '=', 'admin')
          .where('status', '=', 'active')
          .execute()
      ).length;

    it('refuses to disable or demote the last active admin, and changes nothing', async () => {
      const only = await createStaff(t.db, person(), null, NOW);
      // A disabled admin does not count as one who can still manage staff.
      const off = await createStaff(t.db, person(), null, NOW);
      await setStaffStatus(t.db, off.id, 'disabled', only.id, NOW);

      await expect(setStaffStatus(t.db, only.id, 'disabled', only.id)).rejects.toMatchObject({
        code: 'last_admin'
      });
      await expect(
        changeRole(t.db, only.id, { role: 'librarian', parks: ['br-a'] }, only.id)
      ).rejects.toMatchObject({ code: 'last_admin' });
      expect(await getStaff(t.db, only.id)).toMatchObject({
        role: 'admin',
        status: 'active',
        parks: []
      });
      expect(await audits('role_changed')).toHaveLength(0);
      expect(await audits('staff_disabled')).toHaveLength(1); // `off`'s only

      // With a second active admin, the first may step down.
      await setStaffStatus(t.db, off.id, 'active', only.id, NOW);
      await changeRole(t.db, only.id, { role: 'librarian', parks: ['br-a'] }, only.id);
      expect(await activeAdmins()).toBe(1);
    });

    it('two admins demoting each other at once: one wins, one admin is left', async () => {
      const a = await createStaff(t.db, person(), null, NOW);
      const b = await createStaff(t.db, person(), null, NOW);
      const results = await Promise.allSettled([
        changeRole(t.db, a.id, { role: 'librarian', parks: ['br-a'] }, b.id),
        setStaffStatus(t.db, b.id, 'disabled', a.id)
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'last_admin' });
      expect(await activeAdmins()).toBe(1);
    });

    it('audits a change of parks with before and after, and the actor', async () => {
      const admin = await createStaff(t.db, person(), null, NOW);
      const ana = await createStaff(
        t.db,
        person({ role: 'librarian', parks: ['br-b', 'br-a'] }),
        admin.id,
        NOW
      );
      await changeRole(t.db, ana.id, { role: 'librarian', parks: ['br-c', 'br-a'] }, admin.id);
      const [changed] = await audits('parks_changed');
      expect(changed).toMatchObject({ staff_id: admin.id, subject: ana.id });
      expect(JSON.parse(changed?.detail ?? '')).toEqual({ from: 'br-a,br-b', to: 'br-a,br-c' });
      // Only the parks changed: no role_changed.
      expect(await audits('role_changed')).toHaveLength(0);
      expect((await getStaff(t.db, ana.id)).parks).toEqual(['br-a', 'br-c']);
    });

    it('writes and audits nothing when neither the role nor the parks change', async () => {
      const admin = await createStaff(t.db, person(), null, NOW);
      const ana = await createStaff(
        t.db,
        person({ role: 'librarian', parks: ['br-a', 'br-b'] }),
        admin.id,
        NOW
      );
      await changeRole(t.db, ana.id, { role: 'librarian', parks: ['br-b', 'br-a'] }, admin.id);
      expect(await audits('parks_changed')).toHaveLength(0);
      expect(await audits('role_changed')).toHaveLength(0);
    });

    it('bad input changes nothing: an unknown park, parks for an admin, no park', async () => {
      const admin = await createStaff(t.db, person(), null, NOW);
      const ana = await createStaff(
        t.db,
        person({ role: 'librarian', parks: ['br-a'] }),
        admin.id,
        NOW
      );
      const refused: [{ role: string; parks: string[] }, string][] = [
        [{ role: 'librarian', parks: ['br-zz'] }, 'unknown_park'],
        [{ role: 'admin', parks: ['br-a'] }, 'admin_parks'],
        [{ role: 'facilitator', parks: [] }, 'parks_required'],
        [{ role: 'owner', parks: ['br-a'] }, 'invalid_role']
      ];
      for (const [change, code] of refused) {
        await expect(changeRole(t.db, ana.id, change, admin.id)).rejects.toMatchObject({ code });
      }
      expect(await getStaff(t.db, ana.id)).toMatchObject({ role: 'librarian', parks: ['br-a'] });
      expect(await audits('parks_changed')).toHaveLength(0);
      expect(await audits('role_changed')).toHaveLength(0);
    });

    it('knows when each account last signed in, and not for those who never did', async () => {
      const a = await createStaff(t.db, person(), null, NOW);
      const b = await createStaff(t.db, person(), null, NOW);
      await signIn(t.db, a.email, PASSWORD, NOW);
      const later = new Date(NOW.getTime() + 3_600_000);
      await signIn(t.db, a.email, PASSWORD, later);
      const seen = await lastSignIns(t.db, [a.id, b.id]);
      expect(seen.get(a.id)).toBe(later.toISOString());
      expect(seen.has(b.id)).toBe(false);
    });
  });
}

/**
 * The console's device list (issue 9, item 6): who enrolled each device, what it last said
 * of itself on a pull, since when its changes wait, and renaming, audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceWarnings } from '../../domain/device-health';
import { saveBranches } from '../catalogue';
import { writeTransaction } from '../db/index';
import { recordPull } from '../sync/pull';
import { branch } from '../test/factories';
import { createEnrolment, enrolDevice, listDevices, renameDevice, revokeDevice } from './devices';
import { createStaff } from './staff';
import { TEST_BACKENDS, type TestDatabase } from './test-databases';

let t: TestDatabase;
const NOW = new Date('2026-12-03T15:00:00.000Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

for (const backend of TEST_BACKENDS) {
  describe.skipIf(backend.skip)(backend.name, () => {
    let staffId: string;
    let deviceId: string;

    beforeEach(async () => {
      t = await backend.open();
      await writeTransaction(t.db, (trx, v) => saveBranches(trx, v, [branch('br-a')]));
      staffId = (
        await createStaff(t.db, {
          email: 'ana@parque.example',
          name: 'Ana Bibliotecaria',
          role: 'librarian',
          parks: ['br-a'],
          password: 'una clave bastante larga'
        })
      ).id;
      const { code } = await createEnrolment(
        t.db,
        { branchId: 'br-a', kind: 'kiosk', staffId, label: 'Entrada' },
        NOW
      );
      deviceId = (await enrolDevice(t.db, code, {}, NOW)).deviceId;
    });
    afterEach(() => t.cleanup());

    const listed = async () => (await listDevices(t.db, ['br-a'])).find((d) => d.id === deviceId)!;

    it('lists who enrolled it, and what it reported on its last pull', async () => {
      expect(await listed()).toMatchObject({
        label: 'Entrada',
        enrolledByName: 'Ana Bibliotecaria',
        appVersion: null,
        storageUsed: null,
        lastPullAt: null
      });
      const big = 5 * 1024 ** 3; // past 32 bits: bigint on PostgreSQL
      await recordPull(t.db, deviceId, 'br-a', NOW, {
        appVersion: '1764756000000',
        storageUsed: big,
        pending: 0
      });
      expect(await listed()).toMatchObject({
        appVersion: '1764756000000',
        storageUsed: big,
        pendingCount: 0,
        pendingSince: null,
        lastPullAt: NOW.toISOString()
      });
      // An older build says nothing: what is known stays.
      await recordPull(t.db, deviceId, 'br-a', later(5));
      expect(await listed()).toMatchObject({
        appVersion: '1764756000000',
        storageUsed: big,
        lastPullAt: later(5).toISOString()
      });
    });

    it('changes waiting are dated from the first pull that had them, until none are', async () => {
      await recordPull(t.db, deviceId, 'br-a', NOW, { pending: 2 });
      await recordPull(t.db, deviceId, 'br-a', later(30), { pending: 5 });
      await recordPull(t.db, deviceId, 'br-a', later(61), { pending: 5 });
      const waiting = await listed();
      expect(waiting).toMatchObject({ pendingCount: 5, pendingSince: NOW.toISOString() });
      expect(deviceWarnings(waiting, later(61))).toEqual(['pending_too_long']);
      expect(deviceWarnings(waiting, later(59))).toEqual([]);

      await recordPull(t.db, deviceId, 'br-a', later(62), { pending: 0 });
      expect(await listed()).toMatchObject({ pendingCount: 0, pendingSince: null });
      await recordPull(t.db, deviceId, 'br-a', later(90), { pending: 1 });
      expect((await listed()).pendingSince).toBe(later(90).toISOString());
    });

    it('renames a device and audits the old and new names, by whom and in which park', async () => {
      expect(await renameDevice(t.db, deviceId, 'Quiosco del segundo piso', staffId, NOW)).toBe(
        true
      );
      expect((await listed()).label).toBe('Quiosco del segundo piso');
      const events = await t.db
        .selectFrom('audit_events')
        .selectAll()
        .where('kind', '=', 'device_renamed')
        .execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        staff_id: staffId,
        device_id: deviceId,
        branch_id: 'br-a'
      });
      expect(JSON.parse(events[0]!.detail!)).toEqual({
        from: 'Entrada',
        to: 'Quiosco del segundo piso'
      });
      // The same name again changes and audits nothing.
      await renameDevice(t.db, deviceId, 'Quiosco del segundo piso', staffId, NOW);
      expect(
        await t.db
          .selectFrom('audit_events')
          .where('kind', '=', 'device_renamed')
          .select('id')
          .execute()
      ).toHaveLength(1);
    });

    it('a revoked or unknown device is not renamed', async () => {
      await revokeDevice(t.db, deviceId, staffId, NOW);
      expect(await renameDevice(t.db, deviceId, 'Otro', staffId, NOW)).toBe(false);
      expect(
        await renameDevice(t.db, '00000000-0000-4000-8000-000000000000', 'Otro', staffId, NOW)
      ).toBe(false);
      expect((await listed()).label).toBe('Entrada');
    });
  });
}

/**
 * What a kiosk or desk tells the server about itself on each pull (issue 9, item 6): the
 * build it runs, the storage it uses and the changes it still holds, so librarians see a
 * device that fell behind. Phones send none of it: nobody lists them, and every byte counts.
 */
import { version } from '$app/environment';
import type { DeviceReport } from '../../domain/device-report';
import type { ParqueDb } from '../db';

export async function deviceReport(db: ParqueDb): Promise<DeviceReport> {
  let storageUsed: number | undefined;
  try {
    const usage = (await navigator.storage?.estimate?.())?.usage;
    if (usage !== undefined && Number.isFinite(usage)) storageUsed = Math.round(usage);
  } catch {
    // Not every browser says (or says in every mode): the device list shows "unknown".
  }
  return { appVersion: version, storageUsed, pending: await db.outbox.count() };
}

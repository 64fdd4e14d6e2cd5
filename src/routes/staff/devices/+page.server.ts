import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { deviceWarnings, lastSyncAt } from '$lib/domain/device-health';
import {
  createEnrolment,
  DEVICE_LABEL_MAX,
  listDevices,
  renameDevice,
  revokeDevice
} from '$lib/server/auth/devices';
import { parksOf } from '$lib/server/auth/staff';
import { staffInPark, type StaffIdentity } from '$lib/server/auth/types';
import type { Db } from '$lib/server/db/index';
import { getDb } from '$lib/server/db/instance';
import { MANAGES_DEVICES, requireStaff } from '../guard.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const devices = await listDevices(db, staff.role === 'admin' ? 'all' : staff.branchIds);
  const now = new Date();
  return {
    parks,
    // Only what the page shows: no credential material ever leaves listDevices.
    devices: devices.map((d) => ({
      id: d.id,
      kind: d.kind,
      branchId: d.branchId,
      label: d.label,
      status: d.status,
      createdAt: d.createdAt,
      enrolledBy: d.enrolledByName,
      lastSeenAt: d.lastSeenAt,
      lastPushAt: d.lastPushAt,
      lastPullAt: d.lastPullAt,
      pendingCount: d.pendingCount,
      appVersion: d.appVersion,
      storageUsed: d.storageUsed,
      lastSyncAt: lastSyncAt(d),
      warnings: deviceWarnings(d, now)
    })),
    manages: MANAGES_DEVICES.includes(staff.role)
  };
}) satisfies PageServerLoad;

/** Facilitators see devices but do not create codes or revoke (issue 8, item 1). */
function mayManage(staff: StaffIdentity): boolean {
  return MANAGES_DEVICES.includes(staff.role);
}

const LABEL_MAX = DEVICE_LABEL_MAX;

const EnrolForm = v.object({
  branchId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  kind: v.picklist(['kiosk', 'desk']),
  label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LABEL_MAX)), '')
});

const RevokeForm = v.object({ deviceId: v.pipe(v.string(), v.uuid()) });
const RenameForm = v.object({
  deviceId: v.pipe(v.string(), v.uuid()),
  label: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1),
    v.maxLength(LABEL_MAX),
    // eslint-disable-next-line no-control-regex
    v.regex(/^[^\u0000-\u001f\u007f]+$/u)
  )
});

/**
 * A kiosk or desk of one of this member's parks, or null: a device of another park is
 * "not found" to them, as an unknown id is.
 */
async function ownDevice(db: Db, staff: StaffIdentity, deviceId: string) {
  const device = await db
    .selectFrom('devices')
    .select(['branch_id', 'kind', 'status'])
    .where('id', '=', deviceId)
    .executeTakeFirst();
  if (!device || device.kind === 'phone' || !device.branch_id) return null;
  return staffInPark(staff, device.branch_id) ? device : null;
}

type EnrolProblem = 'park' | 'kind' | 'label' | 'forbidden';

export const actions = {
  enrol: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    if (!mayManage(staff)) return fail(403, { enrolError: 'forbidden' as EnrolProblem });
    const form = v.safeParse(EnrolForm, Object.fromEntries(await request.formData()));
    if (!form.success) {
      const field = form.issues[0]?.path?.[0]?.key;
      const problem: EnrolProblem =
        field === 'kind' ? 'kind' : field === 'label' ? 'label' : 'park';
      return fail(400, { enrolError: problem });
    }
    const { branchId, kind, label } = form.output;
    const db = await getDb();
    const park = (await parksOf(db, staff)).find((p) => p.id === branchId);
    if (!park || !staffInPark(staff, branchId)) {
      return fail(403, { enrolError: 'park' as EnrolProblem });
    }
    const enrolment = await createEnrolment(db, {
      branchId,
      kind,
      staffId: staff.id,
      label: label || null
    });
    return {
      enrolment: {
        display: enrolment.display,
        expiresAt: enrolment.expiresAt,
        // The device's set-up page reads the code from this link when the QR is scanned.
        url: `${url.origin}/setup?enrol=${enrolment.code}`,
        kind,
        parkName: park.name,
        timeZone: park.timeZone
      }
    };
  },

  revoke: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    if (!mayManage(staff)) return fail(403, { revokeError: 'forbidden' as const });
    const form = v.safeParse(RevokeForm, Object.fromEntries(await request.formData()));
    if (!form.success) return fail(400, { revokeError: 'not_found' as const });
    const db = await getDb();
    if (!(await ownDevice(db, staff, form.output.deviceId))) {
      return fail(404, { revokeError: 'not_found' as const });
    }
    if (!(await revokeDevice(db, form.output.deviceId, staff.id))) {
      return fail(409, { revokeError: 'not_found' as const });
    }
    return { revoked: true };
  },

  rename: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    const fields = Object.fromEntries(await request.formData());
    // Which card the refusal shows on (only ever compared with the page's own ids).
    const deviceId = typeof fields.deviceId === 'string' ? fields.deviceId.slice(0, 36) : '';
    const refuse = (status: number, renameError: 'forbidden' | 'label' | 'not_found') =>
      fail(status, { renameError, deviceId });
    if (!mayManage(staff)) return refuse(403, 'forbidden');
    const form = v.safeParse(RenameForm, fields);
    if (!form.success) {
      return refuse(400, form.issues[0]?.path?.[0]?.key === 'label' ? 'label' : 'not_found');
    }
    const db = await getDb();
    const device = await ownDevice(db, staff, form.output.deviceId);
    if (!device) return refuse(404, 'not_found');
    if (!(await renameDevice(db, form.output.deviceId, form.output.label, staff.id))) {
      return refuse(409, 'not_found');
    }
    return { renamed: form.output.deviceId };
  }
} satisfies Actions;

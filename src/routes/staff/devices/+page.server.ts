import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { createEnrolment, listDevices, revokeDevice } from '$lib/server/auth/devices';
import { parksOf } from '$lib/server/auth/staff';
import { staffInPark, type StaffIdentity } from '$lib/server/auth/types';
import { getDb } from '$lib/server/db/instance';
import { MANAGES_DEVICES, requireStaff } from '../guard.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const devices = await listDevices(db, staff.role === 'admin' ? 'all' : staff.branchIds);
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
      lastSeenAt: d.lastSeenAt,
      pendingCount: d.pendingCount
    })),
    manages: MANAGES_DEVICES.includes(staff.role)
  };
}) satisfies PageServerLoad;

/** Facilitators see devices but do not create codes or revoke (issue 8, item 1). */
function mayManage(staff: StaffIdentity): boolean {
  return MANAGES_DEVICES.includes(staff.role);
}

/** The longest label a kiosk's name needs ("Quiosco de la entrada, segundo piso"). */
const LABEL_MAX = 60;

const EnrolForm = v.object({
  branchId: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  kind: v.picklist(['kiosk', 'desk']),
  label: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LABEL_MAX)), '')
});

const RevokeForm = v.object({ deviceId: v.pipe(v.string(), v.uuid()) });

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
    const device = await db
      .selectFrom('devices')
      .select(['branch_id', 'kind'])
      .where('id', '=', form.output.deviceId)
      .executeTakeFirst();
    // A device of another park is "not found" to this librarian, as an unknown id is.
    if (
      !device ||
      device.kind === 'phone' ||
      !device.branch_id ||
      !staffInPark(staff, device.branch_id)
    ) {
      return fail(404, { revokeError: 'not_found' as const });
    }
    if (!(await revokeDevice(db, form.output.deviceId, staff.id))) {
      return fail(409, { revokeError: 'not_found' as const });
    }
    return { revoked: true };
  }
} satisfies Actions;

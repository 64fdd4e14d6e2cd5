import { error, fail } from '@sveltejs/kit';
import { staffInPark, type StaffIdentity } from '$lib/server/auth/types';
import { applyStaffMutation } from '$lib/server/console/apply';
import {
  changedFields,
  errorsFromRejection,
  formErrors,
  formValuesOf,
  readBase,
  readWorkshopForm,
  type FormErrors
} from '$lib/server/console/workshop-form';
import {
  consoleWorkshop,
  EDITS_WORKSHOPS,
  workshopChoices,
  workshopOverwrites
} from '$lib/server/console/workshops';
import type { Db } from '$lib/server/db/index';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../../guard.server';
import type { Actions, PageServerLoad } from './$types';

/** The workshop, if it is of one of this member's parks (else it is "not found"). */
async function workshopOf(db: Db, staff: StaffIdentity, id: string) {
  const workshop = await consoleWorkshop(db, id);
  return workshop && staffInPark(staff, workshop.branchId) ? workshop : undefined;
}

export const load = (async ({ locals, url, params }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const workshop = await workshopOf(db, staff, params.id);
  if (!workshop) error(404, 'not_found');
  const park = await db
    .selectFrom('branches')
    .select(['name', 'time_zone'])
    .where('id', '=', workshop.branchId)
    .executeTakeFirstOrThrow();
  return {
    workshop: {
      id: workshop.id,
      title: workshop.title,
      status: workshop.status ?? 'active',
      parkName: park.name,
      timeZone: park.time_zone
    },
    values: formValuesOf(workshop),
    created: url.searchParams.has('created'),
    edits: EDITS_WORKSHOPS.includes(staff.role),
    overwrites: await workshopOverwrites(db, workshop.id, staff.id),
    ...(await workshopChoices(db))
  };
}) satisfies PageServerLoad;

export const actions = {
  save: async ({ request, locals, url, params }) => {
    const staff = requireStaff(locals, url);
    const data = await request.formData();
    const values = readWorkshopForm(data);
    const refuse = (status: number, errors: FormErrors) =>
      fail(status, { values, base: readBase(data), errors });
    if (!EDITS_WORKSHOPS.includes(staff.role)) return refuse(403, { form: 'forbidden' });
    const db = await getDb();
    const workshop = await workshopOf(db, staff, params.id);
    if (!workshop) return refuse(404, { form: 'workshop_unknown' });
    // Without the values the form was drawn with, compare with the stored ones.
    const base = readBase(data) ?? formValuesOf(workshop);
    const fields = changedFields(base, values);
    const errors = formErrors(fields, false);
    if (Object.keys(errors).length > 0) return refuse(400, errors);
    if (Object.keys(fields).length === 0) return { saved: { applied: [], overwritten: [] } };
    const result = await applyStaffMutation(db, staff, workshop.branchId, 'saveWorkshop', {
      workshopId: workshop.id,
      fields
    });
    if (!result.ok) {
      return refuse(result.reason === 'forbidden' ? 403 : 400, errorsFromRejection(result.reason));
    }
    const detail = result.edit?.detail ?? {};
    const list = (x: unknown) => (typeof x === 'string' && x ? x.split(',') : []);
    return { saved: { applied: list(detail.applied), overwritten: list(detail.overwritten) } };
  },

  archive: async ({ request, locals, url, params }) => {
    const staff = requireStaff(locals, url);
    if (!EDITS_WORKSHOPS.includes(staff.role)) {
      return fail(403, { archiveError: 'forbidden' });
    }
    const archived = (await request.formData()).get('archived') === 'true';
    const db = await getDb();
    const workshop = await workshopOf(db, staff, params.id);
    if (!workshop) return fail(404, { archiveError: 'workshop_unknown' });
    const result = await applyStaffMutation(db, staff, workshop.branchId, 'archiveWorkshop', {
      workshopId: workshop.id,
      archived
    });
    if (!result.ok) return fail(400, { archiveError: result.reason });
    const lost = result.edit?.detail?.overwritten === 'status';
    return { archivedNow: { archived, lost } };
  }
} satisfies Actions;

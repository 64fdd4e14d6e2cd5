import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import { isUuid } from '$lib/domain/workshop-edit';
import { parksOf } from '$lib/server/auth/staff';
import { staffInPark } from '$lib/server/auth/types';
import { applyStaffMutation } from '$lib/server/console/apply';
import {
  allFields,
  EMPTY_FORM,
  errorsFromRejection,
  formErrors,
  formValuesOf,
  readWorkshopForm,
  type FormErrors
} from '$lib/server/console/workshop-form';
import { consoleWorkshop, EDITS_WORKSHOPS, workshopChoices } from '$lib/server/console/workshops';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../../guard.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * A new workshop, blank or as a copy of one of the park's (`?from=<id>`: duplicate as a
 * template). The new id is chosen here, when the form is drawn, and posted with it: sending
 * the form twice saves one workshop, not two.
 */
export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  // Facilitators see workshops but never the form that makes one.
  if (!EDITS_WORKSHOPS.includes(staff.role)) error(403, 'forbidden');
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const fromId = url.searchParams.get('from');
  let values = EMPTY_FORM;
  let fromTitle: string | null = null;
  let parkId = url.searchParams.get('park');
  if (fromId) {
    const source = await consoleWorkshop(db, fromId);
    // Another park's workshop is not found, as an unknown id is.
    if (!source || !staffInPark(staff, source.branchId)) error(404, 'not_found');
    values = formValuesOf(source);
    fromTitle = source.title;
    parkId = source.branchId;
  }
  const park = parks.find((p) => p.id === parkId) ?? parks[0];
  return {
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    parkId: park?.id ?? null,
    workshopId: randomUUID(),
    values,
    fromTitle,
    ...(await workshopChoices(db))
  };
}) satisfies PageServerLoad;

export const actions = {
  create: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    const data = await request.formData();
    const values = readWorkshopForm(data);
    const workshopId = String(data.get('workshopId') ?? '');
    const parkId = String(data.get('park') ?? '');
    const refuse = (status: number, errors: FormErrors) =>
      fail(status, { values, errors, workshopId, parkId });
    if (!EDITS_WORKSHOPS.includes(staff.role)) return refuse(403, { form: 'forbidden' });
    if (!isUuid(workshopId)) return refuse(400, { form: 'invalid_args' });
    if (!staffInPark(staff, parkId)) return refuse(403, { form: 'park' });
    const fields = allFields(values);
    const errors = formErrors(fields, true);
    if (Object.keys(errors).length > 0) return refuse(400, errors);
    const result = await applyStaffMutation(await getDb(), staff, parkId, 'saveWorkshop', {
      workshopId,
      fields
    });
    if (!result.ok) {
      return refuse(result.reason === 'forbidden' ? 403 : 400, errorsFromRejection(result.reason));
    }
    redirect(303, `/staff/workshops/${encodeURIComponent(workshopId)}?created=1`);
  }
} satisfies Actions;

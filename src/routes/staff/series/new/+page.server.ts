import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { resolve } from '$app/paths';
import { holidaysOn } from '$lib/domain/holidays';
import { REJECTIONS } from '$lib/domain/rejections';
import { localDateKey } from '$lib/domain/schedule';
import { staffMutatorAllowed } from '$lib/server/auth/policy';
import { parksOf, type Park } from '$lib/server/auth/staff';
import { staffInPark, type StaffIdentity } from '$lib/server/auth/types';
import { applyStaffMutation } from '$lib/server/console/apply';
import type { Db } from '$lib/server/db/index';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../../guard.server';
import type { FormProblem } from './problems';
import { readDefinition, readValues, type Definition, type FormValues } from './series-form.server';
import type { Actions, PageServerLoad } from './$types';

const activeWorkshops = (db: Db, branchId: string) =>
  db
    .selectFrom('workshops')
    .select(['id', 'title', 'room'])
    .where('branch_id', '=', branchId)
    .where('status', '=', 'active')
    .orderBy('title')
    .execute();

/**
 * Planning a series is for admins and librarians (the createSeries row of the staff
 * policy); a facilitator is told so. The park is one of the member's own (`?park=` picks
 * among several), so another park's workshops never load here.
 */
export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const park = parks.find((p) => p.id === url.searchParams.get('park')) ?? parks[0];
  return {
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    park: park ? { id: park.id, name: park.name, timeZone: park.timeZone } : null,
    workshops: park ? await activeWorkshops(db, park.id) : [],
    today: park ? localDateKey(new Date(), park.timeZone) : null,
    allowed: staffMutatorAllowed('createSeries', staff.role)
  };
}) satisfies PageServerLoad;

export interface PreviewDate {
  date: string;
  holidays: string[];
  keep: boolean;
}

export interface Preview {
  seriesId: string;
  workshopTitle: string;
  dates: PreviewDate[];
}

type Checked =
  | { ok: true; park: Park; workshopId: string; workshopTitle: string; def: Definition }
  | { ok: false; problem: FormProblem; status: 400 | 403 };

/** The form read and checked again, whichever step posted it. */
async function check(db: Db, staff: StaffIdentity, values: FormValues): Promise<Checked> {
  if (!staffMutatorAllowed('createSeries', staff.role)) {
    return { ok: false, problem: 'forbidden', status: 403 };
  }
  const park = (await parksOf(db, staff)).find((p) => p.id === values.park);
  if (!park || !staffInPark(staff, park.id)) return { ok: false, problem: 'park', status: 403 };
  const workshop = (await activeWorkshops(db, park.id)).find((w) => w.id === values.workshop);
  if (!workshop) return { ok: false, problem: 'workshop', status: 400 };
  const read = readDefinition(values, localDateKey(new Date(), park.timeZone));
  if (!read.ok) return { ok: false, problem: read.problem, status: 400 };
  return { ok: true, park, workshopId: workshop.id, workshopTitle: workshop.title, def: read.def };
}

const SERIES_ID = v.pipe(v.string(), v.uuid());

/** Why the server refused, as the page names it. */
const REFUSAL: Record<string, FormProblem> = {
  [REJECTIONS.forbidden]: 'forbidden',
  [REJECTIONS.notFound]: 'not_found',
  [REJECTIONS.workshopArchived]: 'archived'
};

export const actions = {
  /** Step one: the dates the definition gives, holidays proposed for skipping. */
  preview: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    const values = readValues(await request.formData());
    const checked = await check(await getDb(), staff, values);
    if (!checked.ok) return fail(checked.status, { values, problem: checked.problem });
    const preview: Preview = {
      seriesId: randomUUID(),
      workshopTitle: checked.workshopTitle,
      dates: checked.def.dates.map((date) => {
        const holidays = holidaysOn(date);
        return { date, holidays, keep: holidays.length === 0 };
      })
    };
    return { values, preview };
  },

  /** Step two: the series with the dates left unticked skipped. */
  create: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    const data = await request.formData();
    const values = readValues(data);
    const db = await getDb();
    const checked = await check(db, staff, values);
    if (!checked.ok) return fail(checked.status, { values, problem: checked.problem });
    const { park, def } = checked;
    const id = v.safeParse(SERIES_ID, data.get('seriesId'));
    const keep = new Set(data.getAll('keep').filter((k) => typeof k === 'string'));
    const preview: Preview = {
      // A page posted without its preview's id gets a new one (and a new series).
      seriesId: id.success ? id.output : randomUUID(),
      workshopTitle: checked.workshopTitle,
      dates: def.dates.map((date) => ({ date, holidays: holidaysOn(date), keep: keep.has(date) }))
    };
    const exdates = def.dates.filter((d) => !keep.has(d));
    if (exdates.length === def.dates.length) {
      return fail(400, { values, preview, problem: 'none_kept' as FormProblem });
    }
    const result = await applyStaffMutation(db, staff, park.id, 'createSeries', {
      seriesId: preview.seriesId,
      workshopId: checked.workshopId,
      rrule: def.rrule,
      startsLocal: def.startsLocal,
      durationMinutes: def.durationMinutes,
      room: def.room,
      capacity: def.capacity,
      exdates
    });
    if (!result.ok) {
      const problem = REFUSAL[result.reason] ?? ('bad_rrule' as FormProblem);
      return fail(problem === 'forbidden' ? 403 : 409, { values, preview, problem });
    }
    // Posted twice (a second click once the first had gone through): the series' sessions.
    const count =
      result.edit?.detail?.count ??
      (
        await db
          .selectFrom('sessions')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('series_id', '=', preview.seriesId)
          .executeTakeFirst()
      )?.n ??
      0;
    redirect(
      303,
      `${resolve('/staff/sessions')}?park=${encodeURIComponent(park.id)}&created=${Number(count)}`
    );
  }
} satisfies Actions;

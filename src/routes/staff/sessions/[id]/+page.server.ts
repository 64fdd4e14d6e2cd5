import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { localDateKey, localInstant, localTime } from '$lib/domain/schedule';
import { RELEASE_TARGETS } from '$lib/domain/no-shows';
import { EDIT_SCOPES } from '$lib/domain/session-edit';
import { applyStaffMutation } from '$lib/server/console/apply';
import { sessionDetail } from '$lib/server/console/session-detail';
import { getDb } from '$lib/server/db/instance';
import { ROSTER_EXPORTERS } from '$lib/server/exports/roster';
import type { StaffIdentity } from '$lib/server/auth/types';
import { requireStaff } from '../../guard.server';
import type { Actions, PageServerLoad } from './$types';

/** Who may edit a session's seats, time or cancel it (the mutators' staff policy agrees). */
const EDITORS: readonly StaffIdentity['role'][] = ['admin', 'librarian'];

/**
 * One session: its seats and tickets (counts), and, for librarians and admins, its
 * capacity, its time and cancelling it, for it alone or with the rest of its series.
 * Another park's session is a 404, like one that does not exist.
 */
export const load = (async ({ locals, url, params }) => {
  const staff = requireStaff(locals, url);
  const session = await sessionDetail(await getDb(), staff, params.id);
  if (!session) error(404, 'no such session in your parks');
  return {
    session,
    form: {
      date: localDateKey(session.startsAt, session.timeZone),
      start: localTime(session.startsAt, session.timeZone),
      end: localTime(session.endsAt, session.timeZone)
    },
    edits: EDITORS.includes(staff.role),
    exports: ROSTER_EXPORTERS.includes(staff.role)
  };
}) satisfies PageServerLoad;

const scope = v.optional(v.picklist(EDIT_SCOPES), 'this');
const CapacityForm = v.object({
  capacity: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,5}$/), v.transform(Number)),
  scope
});
const MoveForm = v.object({
  date: v.pipe(v.string(), v.trim()),
  start: v.pipe(v.string(), v.trim()),
  end: v.pipe(v.string(), v.trim()),
  scope
});
const ReleaseForm = v.object({ to: v.picklist(RELEASE_TARGETS) });
const CancelForm = v.object({
  reason: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(300)),
  confirm: v.literal('yes'),
  scope
});

type Action = 'capacity' | 'move' | 'cancel' | 'release';

/** Signed in, allowed to edit, and the session in one of their parks; else a refusal. */
async function editable(locals: App.Locals, url: URL, id: string, action: Action) {
  const staff = requireStaff(locals, url);
  if (!EDITORS.includes(staff.role)) {
    return { refusal: fail(403, { action, problem: 'forbidden' }) } as const;
  }
  const db = await getDb();
  const session = await sessionDetail(db, staff, id);
  if (!session) return { refusal: fail(404, { action, problem: 'session_unknown' }) } as const;
  return { staff, db, session } as const;
}

/** A refusal of the mutator, as the page shows it (409: the session's state refused it). */
function refused(action: Action, reason: string) {
  const code = reason.split(':')[0] ?? reason;
  return fail(code === 'forbidden' ? 403 : code === 'invalid_args' ? 400 : 409, {
    action,
    problem: code
  });
}

export const actions = {
  capacity: async ({ request, locals, url, params }) => {
    const ok = await editable(locals, url, params.id, 'capacity');
    if ('refusal' in ok) return ok.refusal;
    const form = v.safeParse(CapacityForm, Object.fromEntries(await request.formData()));
    if (!form.success) return fail(400, { action: 'capacity', problem: 'bad_capacity' });
    const res = await applyStaffMutation(ok.db, ok.staff, ok.session.branchId, 'changeCapacity', {
      sessionId: ok.session.id,
      capacity: form.output.capacity,
      scope: form.output.scope
    });
    if (!res.ok) return refused('capacity', res.reason);
    return { action: 'capacity', done: true };
  },

  move: async ({ request, locals, url, params }) => {
    const ok = await editable(locals, url, params.id, 'move');
    if ('refusal' in ok) return ok.refusal;
    const form = v.safeParse(MoveForm, Object.fromEntries(await request.formData()));
    const zone = ok.session.timeZone;
    const startsAt = form.success ? localInstant(form.output.date, form.output.start, zone) : null;
    const endsAt = form.success ? localInstant(form.output.date, form.output.end, zone) : null;
    if (!form.success || !startsAt || !endsAt) {
      return fail(400, { action: 'move', problem: 'bad_times' });
    }
    if (endsAt <= startsAt) return fail(400, { action: 'move', problem: 'end_before_start' });
    const res = await applyStaffMutation(ok.db, ok.staff, ok.session.branchId, 'moveSession', {
      sessionId: ok.session.id,
      startsAt,
      endsAt,
      scope: form.output.scope
    });
    if (!res.ok) return refused('move', res.reason);
    return { action: 'move', done: true };
  },

  release: async ({ request, locals, url, params }) => {
    const ok = await editable(locals, url, params.id, 'release');
    if ('refusal' in ok) return ok.refusal;
    const form = v.safeParse(ReleaseForm, Object.fromEntries(await request.formData()));
    if (!form.success) return fail(400, { action: 'release', problem: 'bad_target' });
    const res = await applyStaffMutation(ok.db, ok.staff, ok.session.branchId, 'releaseNoShows', {
      sessionId: ok.session.id,
      to: form.output.to
    });
    if (!res.ok) return refused('release', res.reason);
    return { action: 'release', done: true };
  },

  cancel: async ({ request, locals, url, params }) => {
    const ok = await editable(locals, url, params.id, 'cancel');
    if ('refusal' in ok) return ok.refusal;
    const form = v.safeParse(CancelForm, Object.fromEntries(await request.formData()));
    if (!form.success) {
      const field = form.issues[0]?.path?.[0]?.key;
      return fail(400, { action: 'cancel', problem: field === 'confirm' ? 'confirm' : 'reason' });
    }
    const res = await applyStaffMutation(ok.db, ok.staff, ok.session.branchId, 'cancelSession', {
      sessionId: ok.session.id,
      reason: form.output.reason,
      scope: form.output.scope
    });
    if (!res.ok) return refused('cancel', res.reason);
    return { action: 'cancel', done: true };
  }
} satisfies Actions;

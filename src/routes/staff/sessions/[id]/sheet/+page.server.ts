import { error, fail } from '@sveltejs/kit';
import { normaliseTicketCode } from '$lib/domain/registration';
import { applyStaffMutation } from '$lib/server/console/apply';
import { sessionDetail } from '$lib/server/console/session-detail';
import { blankLines, sheetRows } from '$lib/server/console/sheet';
import { getDb } from '$lib/server/db/instance';
import { ROSTER_EXPORTERS } from '$lib/server/exports/roster';
import { requireStaff } from '../../../guard.server';
import type { Actions, PageServerLoad } from './$types';

/**
 * A session's sign-in sheet: printed (session, names, codes, a box to tick, blank lines for
 * walk-ins), and on screen the same list with boxes to enter the paper's ticks afterwards.
 */
export const load = (async ({ locals, url, params }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const session = await sessionDetail(db, staff, params.id);
  if (!session) error(404, 'no such session in your parks');
  if (!ROSTER_EXPORTERS.includes(staff.role)) error(403, 'sign-in sheets are for librarians');
  const rows = (await sheetRows(db, staff, params.id)) ?? [];
  return { session, rows, blanks: blankLines(session.capacity) };
}) satisfies PageServerLoad;

/** The most ticks one form can carry: the largest room, with room to spare. */
const MAX_TICKS = 500;

export const actions = {
  ticks: async ({ request, locals, url, params }) => {
    const staff = requireStaff(locals, url);
    if (!ROSTER_EXPORTERS.includes(staff.role)) return fail(403, { problem: 'forbidden' });
    const db = await getDb();
    const session = await sessionDetail(db, staff, params.id);
    if (!session) return fail(404, { problem: 'session_unknown' });
    const codes = (await request.formData()).getAll('code').map(String);
    if (codes.length > MAX_TICKS || codes.some((c) => normaliseTicketCode(c) !== c)) {
      return fail(400, { problem: 'bad_code' });
    }
    let done = 0;
    let refused = 0;
    // One check-in per ticked ticket, through the same mutator as a kiosk's or a desk's:
    // a ticket already checked in keeps its earliest time.
    for (const code of new Set(codes)) {
      const res = await applyStaffMutation(db, staff, session.branchId, 'checkIn', {
        code,
        sessionId: session.id
      });
      if (res.ok) done++;
      else refused++;
    }
    return { saved: done, refused };
  }
} satisfies Actions;

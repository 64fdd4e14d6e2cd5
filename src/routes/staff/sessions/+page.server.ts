import { parksOf } from '$lib/server/auth/staff';
import { consoleSessions, CONSOLE_DAYS } from '$lib/server/console/sessions';
import { getDb } from '$lib/server/db/instance';
import { ROSTER_EXPORTERS } from '$lib/server/exports/roster';
import { requireStaff } from '../guard.server';
import type { PageServerLoad } from './$types';

/**
 * A park's sessions this week with their seats, and each roster's CSV for those who may
 * export it. The park is one of the signed-in member's (`?park=` chooses among several;
 * anything else falls back to their first), so another park's sessions never load here.
 */
export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const asked = url.searchParams.get('park');
  const park = parks.find((p) => p.id === asked) ?? parks[0];
  return {
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    park: park ?? null,
    days: CONSOLE_DAYS,
    sessions: park ? await consoleSessions(db, park.id, park.timeZone) : [],
    exports: ROSTER_EXPORTERS.includes(staff.role),
    // Set by the new-series page when it sends the librarian here.
    created: /^\d{1,3}$/.test(url.searchParams.get('created') ?? '')
      ? Number(url.searchParams.get('created'))
      : null
  };
}) satisfies PageServerLoad;

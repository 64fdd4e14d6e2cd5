import { parksOf } from '$lib/server/auth/staff';
import { staffMutatorAllowed } from '$lib/server/auth/policy';
import { today } from '$lib/server/console/today';
import { getDb } from '$lib/server/db/instance';
import { ROSTER_EXPORTERS } from '$lib/server/exports/roster';
import { MANAGES_DEVICES, requireStaff } from './guard.server';
import type { PageServerLoad } from './$types';

/**
 * The console's home: today at one of the member's parks (`?park=` chooses among several;
 * anything else falls back to their first), and what they can do.
 */
export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const asked = url.searchParams.get('park');
  const park = parks.find((p) => p.id === asked) ?? parks[0];
  return {
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    park: park ? { id: park.id, name: park.name, timeZone: park.timeZone } : null,
    today: park ? await today(db, park.id, park.timeZone) : null,
    allParks: staff.role === 'admin',
    managesDevices: MANAGES_DEVICES.includes(staff.role),
    exportsRosters: ROSTER_EXPORTERS.includes(staff.role),
    plansSessions: staffMutatorAllowed('createSeries', staff.role),
    isAdmin: staff.role === 'admin'
  };
}) satisfies PageServerLoad;

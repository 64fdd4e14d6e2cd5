import { parksOf } from '$lib/server/auth/staff';
import { getDb } from '$lib/server/db/instance';
import { ROSTER_EXPORTERS } from '$lib/server/exports/roster';
import { MANAGES_DEVICES, requireStaff } from './guard.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const parks = await parksOf(await getDb(), staff);
  return {
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    allParks: staff.role === 'admin',
    managesDevices: MANAGES_DEVICES.includes(staff.role),
    exportsRosters: ROSTER_EXPORTERS.includes(staff.role),
    isAdmin: staff.role === 'admin'
  };
}) satisfies PageServerLoad;

import { parksOf } from '$lib/server/auth/staff';
import { EDITS_WORKSHOPS, parkWorkshops, workshopChoices } from '$lib/server/console/workshops';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../guard.server';
import type { PageServerLoad } from './$types';

/**
 * A park's workshops, active and archived. The park is one of the signed-in member's
 * (`?park=` chooses among several; anything else falls back to their first), so another
 * park's workshops never load here.
 */
export const load = (async ({ locals, url }) => {
  const staff = requireStaff(locals, url);
  const db = await getDb();
  const parks = await parksOf(db, staff);
  const asked = url.searchParams.get('park');
  const park = parks.find((p) => p.id === asked) ?? parks[0];
  const { categories } = await workshopChoices(db);
  return {
    parks: parks.map((p) => ({ id: p.id, name: p.name })),
    park: park ? { id: park.id, name: park.name } : null,
    workshops: park ? await parkWorkshops(db, park.id) : [],
    categories,
    edits: EDITS_WORKSHOPS.includes(staff.role)
  };
}) satisfies PageServerLoad;

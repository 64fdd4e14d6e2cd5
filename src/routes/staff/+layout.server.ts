import { redirect } from '@sveltejs/kit';
import { requireStaff, SIGN_IN_PATH } from './guard.server';
import type { LayoutServerLoad } from './$types';

/**
 * The console's pages are rendered on the server: they are online-only, and nothing of
 * them is ever needed by a visitor (DESIGN §10).
 */
export const ssr = true;

/** Sign-in first; then, with a temporary password, changing it before anything else. */
export const load = (({ locals, url, route }) => {
  if (route.id === SIGN_IN_PATH) return { staff: null };
  const staff = requireStaff(locals, url);
  const allowed = route.id === '/staff/password' || route.id === '/staff/sign-out';
  if (staff.mustChangePassword && !allowed) redirect(303, '/staff/password');
  return {
    staff: {
      name: staff.name,
      email: staff.email,
      role: staff.role,
      mustChangePassword: staff.mustChangePassword
    }
  };
}) satisfies LayoutServerLoad;

/**
 * Who may use the staff pages. The layout's load redirects strangers to sign-in, but form
 * actions run without it (SvelteKit runs an action before any load), so every action and
 * page load asks here again.
 */
import { redirect } from '@sveltejs/kit';
import type { StaffRole } from '$lib/server/db/schema';
import type { StaffIdentity } from '$lib/server/auth/types';

export const SIGN_IN_PATH = '/staff/sign-in';
export const HOME_PATH = '/staff';

/** The signed-in member of staff, or a redirect to sign-in that comes back to `url`. */
export function requireStaff(locals: App.Locals, url: URL): StaffIdentity {
  const staff = locals.caller.staff;
  if (!staff) {
    const next = url.pathname + url.search;
    redirect(303, `${SIGN_IN_PATH}?next=${encodeURIComponent(next)}`);
  }
  return staff;
}

/** Roles that may create enrolment codes and revoke devices (not facilitators). */
export const MANAGES_DEVICES: readonly StaffRole[] = ['admin', 'librarian'];

/**
 * Where to go after signing in: `next` if it is a path of the staff console on this site,
 * else the console's home. Anything else (another site, `//evil`, `/\evil`, a visitor page)
 * is ignored, so the sign-in page cannot be used to bounce people elsewhere.
 */
export function safeNext(next: string | null | undefined, origin: string): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) {
    return HOME_PATH;
  }
  let target: URL;
  try {
    target = new URL(next, origin);
  } catch {
    return HOME_PATH;
  }
  if (target.origin !== new URL(origin).origin) return HOME_PATH;
  const path = target.pathname;
  if (path !== HOME_PATH && !path.startsWith(`${HOME_PATH}/`)) return HOME_PATH;
  if (path === SIGN_IN_PATH || path.startsWith('/staff/sign-out')) return HOME_PATH;
  return path + target.search;
}

import { redirect, type Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { signOut, signOutEverywhere } from '$lib/server/auth/staff';
import { getDb } from '$lib/server/db/instance';
import { SIGN_IN_PATH } from '../guard.server';
import type { Actions } from './$types';

const forget = (cookies: Cookies) => cookies.delete(SESSION_COOKIE, { path: '/' });

// Signing out needs no valid session: a stale cookie is simply forgotten.
export const actions = {
  here: async ({ locals, cookies }) => {
    const staff = locals.caller.staff;
    if (staff)
      await signOut(await getDb(), staff, new Date(), { deviceId: locals.caller.device?.id });
    forget(cookies);
    redirect(303, `${SIGN_IN_PATH}?signed_out=1`);
  },
  everywhere: async ({ locals, cookies }) => {
    const staff = locals.caller.staff;
    if (staff) await signOutEverywhere(await getDb(), staff.id, staff.id);
    forget(cookies);
    redirect(303, `${SIGN_IN_PATH}?signed_out=all`);
  }
} satisfies Actions;

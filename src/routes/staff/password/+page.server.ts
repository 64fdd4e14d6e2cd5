import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { changePassword, StaffError } from '$lib/server/auth/staff';
import { getDb } from '$lib/server/db/instance';
import { requireStaff } from '../guard.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  const staff = requireStaff(locals, url);
  return { mustChange: staff.mustChangePassword };
}) satisfies PageServerLoad;

const PasswordForm = v.object({
  current: v.pipe(v.string(), v.maxLength(1024)),
  next: v.pipe(v.string(), v.maxLength(1024)),
  confirm: v.pipe(v.string(), v.maxLength(1024))
});

type Problem =
  | 'missing'
  | 'mismatch'
  | 'wrong_password'
  | 'same_password'
  | 'too_short'
  | 'too_long'
  | 'too_common'
  | 'locked';

const PROBLEMS: readonly string[] = [
  'wrong_password',
  'same_password',
  'too_short',
  'too_long',
  'too_common',
  'locked'
] satisfies Problem[];

export const actions = {
  default: async ({ request, locals, url }) => {
    const staff = requireStaff(locals, url);
    const form = v.safeParse(PasswordForm, Object.fromEntries(await request.formData()));
    if (!form.success || !form.output.current || !form.output.next) {
      return fail(400, { error: 'missing' as Problem });
    }
    const { current, next, confirm } = form.output;
    if (next !== confirm) return fail(400, { error: 'mismatch' as Problem });
    try {
      await changePassword(await getDb(), staff.id, current, next, {
        keepSessionId: staff.sessionId
      });
    } catch (e) {
      if (e instanceof StaffError && PROBLEMS.includes(e.code)) {
        return fail(e.code === 'locked' ? 429 : 400, { error: e.code as Problem });
      }
      throw e;
    }
    return { changed: true };
  }
} satisfies Actions;

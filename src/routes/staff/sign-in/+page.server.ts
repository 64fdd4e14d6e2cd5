import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { normaliseEmail, signIn } from '$lib/server/auth/staff';
import { getDb } from '$lib/server/db/instance';
import { addressKey, check, consume, reset, type LimitResult } from '$lib/server/limits';
import { safeNext } from '../guard.server';
import type { Actions, PageServerLoad } from './$types';

export const load = (({ locals, url }) => {
  if (locals.caller.staff) redirect(303, safeNext(url.searchParams.get('next'), url.origin));
  return { signedOut: url.searchParams.get('signed_out') };
}) satisfies PageServerLoad;

// Bounds only: anything longer is no one's email or password, and is not hashed.
const SignInForm = v.object({
  email: v.pipe(v.string(), v.trim(), v.maxLength(254)),
  password: v.pipe(v.string(), v.maxLength(1024))
});

type Problem = 'missing' | 'invalid' | 'locked' | 'too_many';

const failure = (status: number, error: Problem, email: string, minutes = 0) =>
  fail(status, { error, email, minutes });

const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

export const actions = {
  default: async ({ request, cookies, url, locals, getClientAddress }) => {
    const form = v.safeParse(SignInForm, Object.fromEntries(await request.formData()));
    if (!form.success || !form.output.email || !form.output.password) {
      return failure(400, 'missing', form.success ? form.output.email : '');
    }
    const { email, password } = form.output;

    // Failed sign-ins are limited per address and per account name in the shared database
    // (limits.ts), on top of the account's own lockout: the account limit also covers
    // emails that have no account, so the answers do not tell which ones exist.
    const address = addressKey(getClientAddress());
    const account = `staff:${normaliseEmail(email) ?? email.toLowerCase()}`;
    const limits: LimitResult[] = await Promise.all([
      check('sign_in_address', address),
      check('sign_in_account', account)
    ]);
    const refused = limits.find((l) => !l.ok);
    if (refused && !refused.ok) {
      return failure(429, 'too_many', email, minutesOf(refused.retryAfterS * 1000));
    }

    const now = new Date();
    const result = await signIn(await getDb(), email, password, now, {
      deviceId: locals.caller.device?.id
    });
    if (!result.ok) {
      await Promise.all([consume('sign_in_address', address), consume('sign_in_account', account)]);
      if (result.reason === 'locked') {
        return failure(429, 'locked', email, minutesOf(result.until.getTime() - now.getTime()));
      }
      return failure(400, 'invalid', email);
    }
    await reset('sign_in_account', account);

    cookies.set(SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: url.protocol === 'https:',
      maxAge: Math.floor((result.expiresAt.getTime() - now.getTime()) / 1000)
    });
    redirect(
      303,
      result.mustChangePassword
        ? '/staff/password'
        : safeNext(url.searchParams.get('next'), url.origin)
    );
  }
} satisfies Actions;

import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { PUSH_MAX_BYTES } from '$lib/domain/mutation';
import { UnsentRequestSchema } from '$lib/domain/unsent';
import { handleUnsent, UnsentError } from '$lib/server/auth/unsent';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { BodyError, readJsonLimited } from '$lib/server/http-guard';
import type { RequestHandler } from './$types';

/**
 * A librarian signed in on a refused kiosk or desk sends or discards what it had not sent
 * (issue 8 §2). The staff session decides; the device has no credential any more.
 */
export const POST = (async ({ request, locals }) => {
  const staff = locals.caller.staff;
  if (!staff) return jsonError(401, 'unauthenticated', 'a member of staff must sign in');
  let body: unknown;
  try {
    body = await readJsonLimited(request, PUSH_MAX_BYTES);
  } catch (e) {
    if (e instanceof BodyError) return e.response();
    throw e;
  }
  const parsed = v.safeParse(UnsentRequestSchema, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join('.');
    return jsonError(400, 'bad_request', key ? `${key}: ${issue.message}` : issue.message);
  }
  try {
    const result = await handleUnsent(await getDb(), staff, parsed.output);
    return json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof UnsentError) return jsonError(e.status, e.code, e.message);
    throw e;
  }
}) satisfies RequestHandler;

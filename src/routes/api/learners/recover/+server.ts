import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { normaliseRecoveryCode, RecoverRequestSchema } from '$lib/domain/course';
import { learnerByCode } from '$lib/server/content/learners';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { RateLimit } from '$lib/server/rate-limit';
import type { RequestHandler } from './$types';

/**
 * 60 tries per address per ten minutes. A whole library park's phones may share one public
 * address, so the limit is for a class at once, not one person; guessing a 12-symbol code
 * (25^12 ≈ 6·10^16) stays hopeless at any rate it allows.
 */
const limiter = new RateLimit(60, 10 * 60 * 1000);

/** A recovery code in, that learner's progress out (to carry it to another device). */
export const POST = (async ({ request, getClientAddress }) => {
  if (!limiter.take(getClientAddress())) {
    return jsonError(429, 'too_many', 'too many tries; wait ten minutes');
  }
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    return jsonError(400, 'bad_json', 'the body is not valid JSON');
  }
  const parsed = v.safeParse(RecoverRequestSchema, body);
  if (!parsed.success) return jsonError(400, 'bad_request', `code: ${parsed.issues[0].message}`);
  const code = normaliseRecoveryCode(parsed.output.code) ?? '';
  const state = await learnerByCode(await getDb(), code);
  if (!state) return jsonError(404, 'not_found', 'no learner has this code yet');
  return json(state, { headers: { 'cache-control': 'no-store' } });
}) satisfies RequestHandler;

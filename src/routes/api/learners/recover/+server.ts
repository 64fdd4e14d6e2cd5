import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { normaliseRecoveryCode, RecoverRequestSchema } from '$lib/domain/course';
import { learnerByCode } from '$lib/server/content/learners';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { BodyError, readJsonLimited } from '$lib/server/http-guard';
import { addressKey, countFailure, refuseIfSpent, type LimitKind } from '$lib/server/limits';
import type { RequestHandler } from './$types';

/**
 * A recovery code in, that learner's progress out (to carry it to another device). Wrong
 * codes count against the device and its address (limits.ts says why those numbers); a
 * right one costs nothing.
 */
export const POST = (async ({ request, locals, getClientAddress }) => {
  const keys: [LimitKind, string][] = [['recovery_address', addressKey(getClientAddress())]];
  if (locals.caller.device) keys.push(['recovery_device', locals.caller.device.id]);
  const spent = await refuseIfSpent(keys, 'too many tries; wait a while');
  if (spent) return spent;
  let body: unknown;
  try {
    body = await readJsonLimited(request);
  } catch (e) {
    if (e instanceof BodyError) return e.response();
    throw e;
  }
  const parsed = v.safeParse(RecoverRequestSchema, body);
  if (!parsed.success) return jsonError(400, 'bad_request', `code: ${parsed.issues[0].message}`);
  const code = normaliseRecoveryCode(parsed.output.code) ?? '';
  const state = await learnerByCode(await getDb(), code);
  if (!state) {
    await countFailure(keys);
    return jsonError(404, 'not_found', 'no learner has this code yet');
  }
  return json(state, { headers: { 'cache-control': 'no-store' } });
}) satisfies RequestHandler;

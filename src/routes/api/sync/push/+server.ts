import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { PUSH_MAX_BYTES, PushRequestSchema } from '$lib/domain/mutation';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { push, PushError } from '$lib/server/sync/push';
import type { RequestHandler } from './$types';

export const POST = (async ({ request, locals }) => {
  // The policy (hooks.server.ts) lets only devices with a credential in.
  const device = locals.caller.device;
  if (!device) return jsonError(401, 'unauthenticated', 'this needs a device credential');
  const length = Number(request.headers.get('content-length') ?? '0');
  if (length > PUSH_MAX_BYTES) {
    return jsonError(413, 'too_large', `a push may carry at most ${PUSH_MAX_BYTES} bytes`);
  }
  const text = await request.text();
  if (text.length > PUSH_MAX_BYTES) {
    return jsonError(413, 'too_large', `a push may carry at most ${PUSH_MAX_BYTES} bytes`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return jsonError(400, 'bad_json', 'the body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return jsonError(400, 'bad_request', 'the body must be a JSON object');
  }
  const parsed = v.safeParse(PushRequestSchema, body);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join('.');
    return jsonError(400, 'bad_request', key ? `${key}: ${issue.message}` : issue.message);
  }
  try {
    const result = await push(await getDb(), parsed.output, undefined, device);
    return json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof PushError) {
      return json(
        { error: e.code, message: e.message, lastMutationId: e.lastMutationId },
        { status: e.status, headers: { 'cache-control': 'no-store' } }
      );
    }
    // Nothing was counted: the device keeps its outbox and tries again later.
    console.error(e instanceof Error ? e.message : String(e));
    return jsonError(503, 'temporary', 'the server could not apply the changes; try again');
  }
}) satisfies RequestHandler;

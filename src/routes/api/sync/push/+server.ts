import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { PUSH_MAX_BYTES, PushRequestSchema } from '$lib/domain/mutation';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import type { DeviceIdentity } from '$lib/server/auth/types';
import type { Db } from '$lib/server/db/index';
import { BodyTooLargeError, readBodyLimited } from '$lib/server/http-guard';
import { addressKey, check, consume, tooManyResponse } from '$lib/server/limits';
import { lastMutationId, push, PushError } from '$lib/server/sync/push';
import type { PushRequest, PushResponse } from '$lib/domain/mutation';
import type { RequestHandler } from './$types';

export const POST = (async ({ request, locals, getClientAddress }) => {
  // The policy (hooks.server.ts) lets only devices with a credential in.
  const device = locals.caller.device;
  if (!device) return jsonError(401, 'unauthenticated', 'this needs a device credential');
  let text: string;
  try {
    // Counted while read: a chunked body without a Content-Length is held to it too.
    text = new TextDecoder().decode(await readBodyLimited(request, PUSH_MAX_BYTES));
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      return jsonError(413, 'too_large', `a push may carry at most ${PUSH_MAX_BYTES} bytes`);
    }
    throw e;
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
  const db = await getDb();
  const limited = await abuseLimits(db, parsed.output, device, addressKey(getClientAddress()));
  if (limited) return limited;
  try {
    const result = await push(db, parsed.output, undefined, device);
    await countFailedCheckIns(result, parsed.output, device, addressKey(getClientAddress()));
    return json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof PushError) {
      return json(
        { error: e.code, message: e.message, lastMutationId: e.lastMutationId, applied: e.applied },
        { status: e.status, headers: { 'cache-control': 'no-store' } }
      );
    }
    // Nothing was counted: the device keeps its outbox and tries again later.
    console.error(e instanceof Error ? e.message : String(e));
    return jsonError(503, 'temporary', 'the server could not apply the changes; try again');
  }
}) satisfies RequestHandler;

/**
 * Abuse limits (issue 8, kept in the database so every app instance shares them): a phone's
 * new registrations count against its device and its address; a device whose check-ins
 * keep failing (a walk through the code space) waits. Enrolled kiosks and desks register
 * for everyone who walks up, so registrations do not count for them. A refused push
 * changes nothing: the outbox keeps it and tries again after Retry-After.
 */
async function abuseLimits(
  db: Db,
  req: PushRequest,
  device: DeviceIdentity,
  address: string
): Promise<Response | null> {
  const done = await lastMutationId(db, device.id);
  const fresh = req.mutations.filter((m) => m.id > done);
  if (fresh.some((m) => m.name === 'checkIn')) {
    for (const [kind, key] of [
      ['checkin_failed_device', device.id],
      ['checkin_failed_address', address]
    ] as const) {
      const c = await check(kind, key);
      if (!c.ok) return tooManyResponse(c.retryAfterS, 'too many failed check-ins; wait a while');
    }
  }
  const registrations = fresh.filter((m) => m.name === 'registerAttendee').length;
  if (device.kind !== 'phone' || registrations === 0) return null;
  for (const [kind, key] of [
    ['registration_device', device.id],
    ['registration_address', address]
  ] as const) {
    const c = await consume(kind, key, registrations);
    if (!c.ok) return tooManyResponse(c.retryAfterS, 'too many registrations; wait a while');
  }
  return null;
}

async function countFailedCheckIns(
  result: PushResponse,
  req: PushRequest,
  device: DeviceIdentity,
  address: string
): Promise<void> {
  const names = new Map(req.mutations.map((m) => [m.id, m.name]));
  const failed = result.outcomes.filter(
    (o) => names.get(o.id) === 'checkIn' && o.status === 'rejected'
  ).length;
  if (failed === 0) return;
  await consume('checkin_failed_device', device.id, failed);
  await consume('checkin_failed_address', address, failed);
}

import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { enrolDevice, EnrolmentError } from '$lib/server/auth/devices';
import { audit } from '$lib/server/auth/audit';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { BodyError, readJsonLimited } from '$lib/server/http-guard';
import { addressKey, countFailure, refuseIfSpent, type LimitKeys } from '$lib/server/limits';
import type { RequestHandler } from './$types';

const EnrolSchema = v.object({ code: v.pipe(v.string(), v.maxLength(32, 'code is too long')) });

/**
 * A kiosk or desk enters (or scans) the one-time code a librarian made for one park, and
 * gets a credential bound to that park and kind. A device that already held a kiosk or
 * desk credential (sent in the header) has it revoked as superseded.
 */
export const POST = (async ({ request, locals, getClientAddress }) => {
  const keys: LimitKeys = [['enrolment_address', addressKey(getClientAddress())]];
  const spent = await refuseIfSpent(keys, 'too many tries; wait a while');
  if (spent) return spent;
  let body: unknown;
  try {
    body = await readJsonLimited(request);
  } catch (e) {
    if (e instanceof BodyError) return e.response();
    throw e;
  }
  const parsed = v.safeParse(EnrolSchema, body);
  if (!parsed.success) return jsonError(400, 'bad_request', `code: ${parsed.issues[0].message}`);
  const db = await getDb();
  try {
    const issued = await enrolDevice(db, parsed.output.code, { previous: locals.caller.device });
    return json(issued, { status: 201, headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (!(e instanceof EnrolmentError)) throw e;
    await countFailure(keys);
    await audit(db, { kind: 'enrolment_failed', deviceId: locals.caller.device?.id ?? null });
    return jsonError(400, 'bad_code', e.message);
  }
}) satisfies RequestHandler;

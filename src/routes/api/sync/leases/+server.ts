import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { leasePolicyFromEnv } from '$lib/domain/lease';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { BodyError, readJsonLimited } from '$lib/server/http-guard';
import { grantLeases, releaseLeases } from '$lib/server/leases';
import type { RequestHandler } from './$types';

const LeaseRequestSchema = v.object({
  clientId: v.pipe(v.string(), v.uuid('clientId must be a UUID')),
  branchId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Give back every unused seat instead of topping up. */
  release: v.optional(v.boolean())
});

/**
 * A kiosk asks for seat leases on its park's upcoming sessions (DESIGN §5). The grants
 * reach it through the next pull. Policy: PARQUE_LEASE_SEATS, _RESERVE, _DAYS, _TTL_HOURS.
 */
export const POST = (async ({ request, locals }) => {
  // Only enrolled kiosks get here (policy.ts); their park is the one they are bound to.
  const device = locals.caller.device;
  if (!device || device.kind !== 'kiosk' || !device.branchId) {
    return jsonError(403, 'forbidden', 'only an enrolled kiosk holds seat leases');
  }
  let body: unknown;
  try {
    body = await readJsonLimited(request);
  } catch (e) {
    if (e instanceof BodyError) return e.response();
    throw e;
  }
  const parsed = v.safeParse(LeaseRequestSchema, body);
  if (!parsed.success) return jsonError(400, 'bad_request', parsed.issues[0].message);
  if (parsed.output.clientId !== device.id) {
    return jsonError(403, 'wrong_client', 'clientId must be the id of this device credential');
  }
  if (parsed.output.branchId !== device.branchId) {
    return jsonError(403, 'wrong_park', 'this kiosk is enrolled at another library park');
  }
  const db = await getDb();
  const branch = await db
    .selectFrom('branches')
    .select('id')
    .where('id', '=', parsed.output.branchId)
    .executeTakeFirst();
  if (!branch) {
    return jsonError(
      404,
      'unknown_branch',
      `there is no library park with id "${parsed.output.branchId}"`
    );
  }
  if (parsed.output.release) {
    const returned = await releaseLeases(db, parsed.output.clientId);
    return json({ granted: 0, returned }, { headers: { 'cache-control': 'no-store' } });
  }
  const granted = await grantLeases(db, {
    clientId: parsed.output.clientId,
    branchId: parsed.output.branchId,
    now: new Date(),
    policy: leasePolicyFromEnv(process.env)
  });
  return json({ granted }, { headers: { 'cache-control': 'no-store' } });
}) satisfies RequestHandler;

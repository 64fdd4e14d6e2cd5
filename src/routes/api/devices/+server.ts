import { json } from '@sveltejs/kit';
import { issuePhoneCredential } from '$lib/server/auth/devices';
import { getDb } from '$lib/server/db/instance';
import { addressKey, consume, tooManyResponse } from '$lib/server/limits';
import type { RequestHandler } from './$types';

/**
 * A phone's first contact: an anonymous device credential (id and secret), bound to no
 * park. The phone keeps it in IndexedDB and sends it in the Authorization header; its own
 * registrations and learner rows are then reachable only with it.
 */
export const POST = (async ({ getClientAddress }) => {
  // Minting credentials to dodge the per-device limits is limited per address.
  const limit = await consume('device_issue_address', addressKey(getClientAddress()));
  if (!limit.ok) return tooManyResponse(limit.retryAfterS, 'too many new devices; wait a while');
  const issued = await issuePhoneCredential(await getDb());
  return json(issued, { status: 201, headers: { 'cache-control': 'no-store' } });
}) satisfies RequestHandler;

import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { leasePolicyFromEnv } from '$lib/domain/lease';
import { PullQuerySchema } from '$lib/domain/sync';
import { getDb } from '$lib/server/db/instance';
import { jsonError } from '$lib/server/http';
import { renewLeases } from '$lib/server/leases';
import { pull, PullError, recordPull } from '$lib/server/sync/pull';
import type { RequestHandler } from './$types';

export const GET = (async ({ url, locals }) => {
  const device = locals.caller.device;
  if (!device) return jsonError(401, 'unauthenticated', 'this needs a device credential');
  const query = v.safeParse(PullQuerySchema, Object.fromEntries(url.searchParams));
  if (!query.success) {
    const issue = query.issues[0];
    const key = issue.path?.map((p) => String(p.key)).join('.');
    return jsonError(400, 'bad_request', key ? `${key}: ${issue.message}` : issue.message);
  }
  if (query.output.client !== undefined && query.output.client !== device.id) {
    return jsonError(403, 'wrong_client', 'client must be the id of this device credential');
  }
  if (device.branchId !== null && query.output.branch !== device.branchId) {
    return jsonError(403, 'wrong_park', 'this device is enrolled at another library park');
  }
  try {
    const db = await getDb();
    // A kiosk that pulls is alive: its seat leases are renewed (DESIGN §5), before the
    // read, so a new renewBy comes back with this very pull.
    if (device.kind === 'kiosk') {
      await renewLeases(db, device.id, new Date(), leasePolicyFromEnv(process.env));
    }
    // Own rows by the credential's id; the park's roster only for its own kiosks and desks.
    const page = await pull(db, {
      ...query.output,
      client: device.id,
      roster: device.kind !== 'phone' && device.branchId === query.output.branch,
      rosterNames: device.kind === 'desk'
    });
    if (!page.more) {
      const { appVersion, storageUsed, pending } = query.output;
      await recordPull(db, device.id, query.output.branch, new Date(), {
        appVersion,
        storageUsed,
        pending
      });
    }
    return json(page, { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (e instanceof PullError) return jsonError(e.status, e.code, e.message);
    throw e;
  }
}) satisfies RequestHandler;

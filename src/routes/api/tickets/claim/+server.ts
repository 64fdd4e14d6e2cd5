import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { normaliseTicketCode } from '$lib/domain/registration';
import { getDb } from '$lib/server/db/instance';
import { writeTransaction } from '$lib/server/db/index';
import { jsonError } from '$lib/server/http';
import { BodyError, readJsonLimited } from '$lib/server/http-guard';
import { addressKey, countFailure, refuseIfSpent, type LimitKeys } from '$lib/server/limits';
import type { RequestHandler } from './$types';

const ClaimSchema = v.object({ code: v.pipe(v.string(), v.maxLength(32, 'code is too long')) });

/**
 * Take the ticket home (issue 8): a kiosk shows a QR with a link carrying the ticket's code;
 * the visitor's phone opens it and claims the registration, which becomes one of the phone's
 * own (it syncs there from now on) and stops being the kiosk's. The code is the secret (25^8
 * codes): wrong ones count like wrong recovery codes, per device and per address.
 */
export const POST = (async ({ request, locals, getClientAddress }) => {
  const device = locals.caller.device;
  if (!device || device.kind !== 'phone') {
    return jsonError(403, 'forbidden', 'a ticket is taken home on a personal device');
  }
  const keys: LimitKeys = [
    ['recovery_address', addressKey(getClientAddress())],
    ['recovery_device', device.id]
  ];
  const spent = await refuseIfSpent(keys, 'too many tries; wait a while');
  if (spent) return spent;
  let body: unknown;
  try {
    body = await readJsonLimited(request);
  } catch (e) {
    if (e instanceof BodyError) return e.response();
    throw e;
  }
  const parsed = v.safeParse(ClaimSchema, body);
  if (!parsed.success) return jsonError(400, 'bad_request', `code: ${parsed.issues[0].message}`);
  const code = normaliseTicketCode(parsed.output.code);
  const db = await getDb();
  const claimed = code
    ? await writeTransaction(db, async (trx, version) => {
        const rows = await trx
          .selectFrom('registrations')
          .select(['id', 'branch_id', 'status', 'client_id'])
          .where('code', '=', code)
          .execute();
        // The live one if a code was ever reused across sessions.
        const row =
          rows.find((r) => r.status !== 'cancelled' && r.status !== 'rejected') ?? rows[0];
        if (!row) return null;
        if (row.client_id !== device.id) {
          await trx
            .updateTable('registrations')
            .set({ client_id: device.id, version })
            .where('id', '=', row.id)
            .execute();
        }
        return { registrationId: row.id, branchId: row.branch_id };
      })
    : null;
  if (!claimed) {
    await countFailure(keys);
    return jsonError(404, 'not_found', 'no registration has this code');
  }
  return json(claimed, { headers: { 'cache-control': 'no-store' } });
}) satisfies RequestHandler;

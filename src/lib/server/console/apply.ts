/**
 * The console's changes go through the same mutators as a desk device's (DESIGN §10): one
 * implementation of each rule, whether a librarian clicks in the console (applied here, on
 * the server, at once) or a desk sends it through its outbox after working offline.
 *
 * Applied here, a change is stamped with the server's clock, checked against the staff
 * member's role and park, run in one write transaction, and audited with who made it.
 */
import * as v from 'valibot';
import { encodeHlc } from '../../domain/hlc';
import { MUTATOR_ARGS, type MutatorArgs, type MutatorName } from '../../domain/mutation';
import { REJECTIONS } from '../../domain/rejections';
import { staffMutatorAllowed } from '../auth/policy';
import { staffInPark, type StaffIdentity } from '../auth/types';
import { writeTransaction, type Db } from '../db/index';
import { MutationRejected, type EditRecord, type MutationContext } from '../mutators/context';
import { serverMutators } from '../mutators/index';
import { recordEdit } from '../sync/push';

export type StaffApplyResult =
  { ok: true; edit: EditRecord | null } | { ok: false; reason: string; message?: string };

/** The console's stand-in for a device id: staff changes are no device's outbox. */
export const staffClientId = (staffId: string) => `staff:${staffId}`;

export async function applyStaffMutation<N extends MutatorName>(
  db: Db,
  staff: StaffIdentity,
  branchId: string,
  name: N,
  args: MutatorArgs<N>,
  now = new Date()
): Promise<StaffApplyResult> {
  if (!staffMutatorAllowed(name, staff.role) || !staffInPark(staff, branchId)) {
    return { ok: false, reason: REJECTIONS.forbidden };
  }
  const parsed = v.safeParse(MUTATOR_ARGS[name], args);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const where = issue.path?.map((p) => String(p.key)).join('.');
    return {
      ok: false,
      reason: REJECTIONS.invalidArgs,
      message: `${where ? `${where}: ` : ''}${issue.message}`
    };
  }
  const branch = await db
    .selectFrom('branches')
    .select('id')
    .where('id', '=', branchId)
    .executeTakeFirst();
  if (!branch) return { ok: false, reason: REJECTIONS.notFound };
  try {
    return await writeTransaction(db, async (trx, version) => {
      const ctx: MutationContext = {
        trx,
        version,
        clientId: staffClientId(staff.id),
        branchId,
        stamp: encodeHlc({ wall: now.getTime(), counter: 0, node: `s-${staff.id}` }),
        now,
        actor: { deviceId: null, staffId: staff.id }
      };
      const run = serverMutators[name] as (
        c: MutationContext,
        a: unknown
      ) => Promise<void | EditRecord>;
      const edit = (await run(ctx, parsed.output)) ?? null;
      if (edit) await recordEdit(trx, ctx, edit);
      return { ok: true as const, edit };
    });
  } catch (e) {
    // Thrown inside the transaction, so nothing it wrote is kept.
    if (e instanceof MutationRejected) return { ok: false, reason: e.reason };
    throw e;
  }
}

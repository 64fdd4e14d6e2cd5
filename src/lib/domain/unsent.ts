/**
 * What a refused kiosk or desk had not sent (issue 8 §2). When the server refuses a shared
 * device's credential (revoked, superseded, or unknown after a restore) the device wipes
 * other people's data, but its unsent changes are never dropped silently: they wait on the
 * device, apart from the outbox, until a member of staff signs in on it and either sends
 * them under their own session or discards them. Both choices are in the audit trail.
 */
import * as v from 'valibot';
import { PUSH_MAX_MUTATIONS } from './limits';
import { MutationSchema } from './mutation';

export const UnsentRequestSchema = v.object({
  action: v.picklist(['send', 'discard'], 'action must be send or discard'),
  /** The credential the changes were numbered under. */
  deviceId: v.pipe(v.string(), v.uuid('deviceId must be a UUID')),
  /** Where the device was enrolled, for a device the server no longer knows. */
  branchId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  kind: v.picklist(['kiosk', 'desk'], 'kind must be kiosk or desk'),
  mutations: v.pipe(
    v.array(MutationSchema),
    v.minLength(1, 'there is nothing to send or discard'),
    v.maxLength(PUSH_MAX_MUTATIONS, `at most ${PUSH_MAX_MUTATIONS} changes at a time`)
  )
});
export type UnsentRequest = v.InferOutput<typeof UnsentRequestSchema>;

export interface UnsentResponse {
  action: 'send' | 'discard';
  /** How many of the changes the server applied or refused, or were discarded. */
  applied: number;
  rejected: number;
  discarded: number;
}

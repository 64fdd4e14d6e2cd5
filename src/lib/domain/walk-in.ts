/**
 * Someone who comes to a workshop without having registered (issue 9 §4): the desk adds
 * them on the spot, offline if need be. They are counted in the session's attendance but
 * take no seat; their name, age band and comuna are each optional (for the report's reach).
 */
import * as v from 'valibot';
import { AGE_BANDS, COMUNAS } from './registration';

export const AddWalkInArgsSchema = v.object({
  /** Chosen by the device, so a re-sent walk-in is counted once. */
  walkInId: v.pipe(v.string(), v.uuid('walkInId must be a UUID')),
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  name: v.optional(
    v.pipe(v.string(), v.trim(), v.maxLength(80, 'name must have at most 80 characters'))
  ),
  ageBand: v.optional(v.picklist(AGE_BANDS)),
  comuna: v.optional(v.picklist(COMUNAS.map(([id]) => id)))
});
export type AddWalkInArgs = v.InferOutput<typeof AddWalkInArgsSchema>;

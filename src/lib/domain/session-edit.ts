/**
 * A librarian's edits of a dated session (issue 9 §3): its capacity, its time, cancelling
 * it. Mutators like any other (DESIGN §10): sent by a desk through its outbox, or applied
 * by the console on the server; the seat rules are decided on the server
 * (server/sessions.ts), keeping DESIGN §5's invariant through every edit.
 */
import * as v from 'valibot';
import { isoInstant } from './catalogue';

/** One session, or this one and the rest of its series from it on. */
export const EDIT_SCOPES = ['this', 'following'] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];

const sessionId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
const scope = v.optional(v.picklist(EDIT_SCOPES, 'scope must be this or following'), 'this');

/** A room with more than 10,000 seats is a typo. */
export const MAX_CAPACITY = 10_000;

export const ChangeCapacityArgsSchema = v.object({
  sessionId,
  capacity: v.pipe(
    v.number('capacity must be a number'),
    v.integer('capacity must be a whole number'),
    v.minValue(0, 'capacity cannot be negative'),
    v.maxValue(MAX_CAPACITY, `capacity must be at most ${MAX_CAPACITY}`)
  ),
  scope
});
export type ChangeCapacityArgs = v.InferOutput<typeof ChangeCapacityArgsSchema>;

export const MoveSessionArgsSchema = v.pipe(
  v.object({ sessionId, startsAt: isoInstant, endsAt: isoInstant, scope }),
  v.check((a) => a.endsAt > a.startsAt, 'the session must end after it starts')
);
export type MoveSessionArgs = v.InferOutput<typeof MoveSessionArgsSchema>;

/** Shown on every ticket of the session: short, and required. */
export const CANCEL_REASON_MAX = 300;

export const CancelSessionArgsSchema = v.object({
  sessionId,
  reason: v.pipe(
    v.string('a reason is required'),
    v.trim(),
    v.minLength(3, 'a reason is required (at least 3 characters)'),
    v.maxLength(CANCEL_REASON_MAX, `the reason must have at most ${CANCEL_REASON_MAX} characters`)
  ),
  scope
});
export type CancelSessionArgs = v.InferOutput<typeof CancelSessionArgsSchema>;

/**
 * Moving "this and the following" shifts each later session of the series by the same
 * amount as this one (its start and its end separately, so a new length applies to all).
 */
export function shifted(
  from: { startsAt: string; endsAt: string },
  to: { startsAt: string; endsAt: string },
  other: { startsAt: string; endsAt: string }
): { startsAt: string; endsAt: string } {
  const dStart = Date.parse(to.startsAt) - Date.parse(from.startsAt);
  const dEnd = Date.parse(to.endsAt) - Date.parse(from.endsAt);
  return {
    startsAt: new Date(Date.parse(other.startsAt) + dStart).toISOString(),
    endsAt: new Date(Date.parse(other.endsAt) + dEnd).toISOString()
  };
}

/**
 * People with a confirmed seat who do not come (issue 9 §4; free workshops lose 20–50% of
 * registrants to them). Two rules, both from the park's policy:
 *
 * - a confirmed ticket not checked in by the session's end plus a grace period is a
 *   no-show; it is not a stored state but read off the ticket and the clock, so it is
 *   "marked" the moment the grace runs out, on every device and in every report at once,
 *   and a late check-in (the paper sheet entered the next day) corrects it;
 * - from some minutes after the start, the desk may release the seats of everyone not yet
 *   arrived, with one tap: to the waitlist (in order) or to walk-ins.
 */
import * as v from 'valibot';

export interface NoShowPolicy {
  /** After the end, how long a check-in may still come before the ticket is a no-show. */
  graceMinutes: number;
  /** After the start, when the desk may release the seats of people not arrived. */
  releaseAfterMinutes: number;
}

export const DEFAULT_NO_SHOW_POLICY: NoShowPolicy = { graceMinutes: 30, releaseAfterMinutes: 15 };

const MINUTE = 60_000;

export function isNoShow(
  t: { status: string; checkedIn: string | null },
  session: { endsAt: string },
  now: Date,
  policy: NoShowPolicy = DEFAULT_NO_SHOW_POLICY
): boolean {
  return (
    t.status === 'confirmed' &&
    !t.checkedIn &&
    now.getTime() > Date.parse(session.endsAt) + policy.graceMinutes * MINUTE
  );
}

/** When the desk may release seats of people not arrived. */
export function releaseOpensAt(
  session: { startsAt: string },
  policy: NoShowPolicy = DEFAULT_NO_SHOW_POLICY
): number {
  return Date.parse(session.startsAt) + policy.releaseAfterMinutes * MINUTE;
}

export const RELEASE_TARGETS = ['waitlist', 'walk_ins'] as const;

export const ReleaseNoShowsArgsSchema = v.object({
  sessionId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Seats go to the waitlist in order, or stay free for people at the door. */
  to: v.picklist(RELEASE_TARGETS, 'to must be waitlist or walk_ins')
});
export type ReleaseNoShowsArgs = v.InferOutput<typeof ReleaseNoShowsArgsSchema>;

/** Why a release was refused. */
export const RELEASE_REJECTIONS = { tooEarly: 'too_early' } as const;

/** The park's policy from the environment (server) with the defaults above. */
export function noShowPolicyFrom(env: Record<string, string | undefined>): NoShowPolicy {
  const n = (value: string | undefined, fallback: number) => {
    const x = Number(value);
    return value !== undefined && Number.isInteger(x) && x >= 0 && x <= 24 * 60 ? x : fallback;
  };
  return {
    graceMinutes: n(env.PARQUE_NO_SHOW_GRACE_MINUTES, DEFAULT_NO_SHOW_POLICY.graceMinutes),
    releaseAfterMinutes: n(
      env.PARQUE_RELEASE_AFTER_MINUTES,
      DEFAULT_NO_SHOW_POLICY.releaseAfterMinutes
    )
  };
}

/**
 * The push side of the sync protocol (DESIGN §4). A device numbers its mutations 1, 2, 3…
 * with no gaps; the server applies each exactly once, in order, and records what became
 * of it. Each mutator is one name with one argument schema; its rules live beside it in
 * the domain, its client and server writes in client/ and server/.
 */
import * as v from 'valibot';
import { isHlcStamp } from './hlc';
import { PUSH_MAX_MUTATIONS } from './limits';
import {
  CancelArgsSchema,
  CancelByCodeArgsSchema,
  CheckInArgsSchema,
  RegisterArgsSchema
} from './registration';
import {
  CancelSessionArgsSchema,
  ChangeCapacityArgsSchema,
  MoveSessionArgsSchema
} from './session-edit';
import { CompleteLessonArgsSchema, CreateLearnerArgsSchema, QuizAttemptArgsSchema } from './course';
import { CreateSeriesArgsSchema } from './series';
import { AddWalkInArgsSchema } from './walk-in';
import { ReleaseNoShowsArgsSchema } from './no-shows';
import { ArchiveWorkshopArgsSchema, SaveWorkshopArgsSchema } from './workshop-edit';

export const MUTATOR_ARGS = {
  registerAttendee: RegisterArgsSchema,
  cancelRegistration: CancelArgsSchema,
  cancelByCode: CancelByCodeArgsSchema,
  checkIn: CheckInArgsSchema,
  createLearner: CreateLearnerArgsSchema,
  completeLesson: CompleteLessonArgsSchema,
  submitQuizAttempt: QuizAttemptArgsSchema,
  changeCapacity: ChangeCapacityArgsSchema,
  moveSession: MoveSessionArgsSchema,
  cancelSession: CancelSessionArgsSchema,
  createSeries: CreateSeriesArgsSchema,
  saveWorkshop: SaveWorkshopArgsSchema,
  archiveWorkshop: ArchiveWorkshopArgsSchema,
  addWalkIn: AddWalkInArgsSchema,
  releaseNoShows: ReleaseNoShowsArgsSchema
} as const;
export type MutatorName = keyof typeof MUTATOR_ARGS;
export type MutatorArgs<N extends MutatorName> = v.InferOutput<(typeof MUTATOR_ARGS)[N]>;

export function isMutatorName(name: string): name is MutatorName {
  return Object.hasOwn(MUTATOR_ARGS, name);
}

export { PUSH_MAX_BYTES } from './limits';

export const MutationSchema = v.object({
  id: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.pipe(v.string(), v.maxLength(64)),
  // Validated per mutator on the server, so one bad entry is rejected, not the batch.
  args: v.unknown(),
  at: v.pipe(v.string(), v.check(isHlcStamp, 'at must be an HLC stamp'))
});
export type Mutation = v.InferOutput<typeof MutationSchema>;

export const PushRequestSchema = v.object({
  clientId: v.pipe(v.string(), v.uuid('clientId must be a UUID')),
  branchId: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  /** Entries still waiting on the device (for the librarians' device list). */
  pendingCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  mutations: v.pipe(
    v.array(MutationSchema),
    v.maxLength(PUSH_MAX_MUTATIONS, `at most ${PUSH_MAX_MUTATIONS} mutations per push`)
  )
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

export interface Outcome {
  id: number;
  status: 'applied' | 'rejected';
  reason: string | null;
}

export interface PushResponse {
  lastMutationId: number;
  outcomes: Outcome[];
}

/** A stored outcome as devices pull it back. */
export const OutcomeRowSchema = v.object({
  id: v.string(),
  mutationId: v.number(),
  name: v.string(),
  status: v.picklist(['applied', 'rejected']),
  reason: v.nullable(v.string()),
  version: v.number()
});
export type OutcomeRow = v.InferOutput<typeof OutcomeRowSchema>;

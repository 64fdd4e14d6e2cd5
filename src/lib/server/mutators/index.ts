/** The server's half of every mutator, by name. Adding one touches one line here. */
import type { MutatorArgs, MutatorName } from '../../domain/mutation';
import type { EditRecord, MutationContext } from './context';
import { cancelByCode, cancelRegistration, checkIn, registerAttendee } from './registration';
import { cancelSession, changeCapacity, moveSession } from './sessions';
import { completeLesson, createLearner, submitQuizAttempt } from './learning';
import { createSeries } from './series';
import { addWalkIn } from './walk-ins';
import { releaseNoShows } from './no-shows';
import { archiveWorkshop, saveWorkshop } from './workshops';

export const serverMutators: {
  [N in MutatorName]: (ctx: MutationContext, args: MutatorArgs<N>) => Promise<void | EditRecord>;
} = {
  registerAttendee,
  cancelRegistration,
  cancelByCode,
  checkIn,
  createLearner,
  completeLesson,
  submitQuizAttempt,
  changeCapacity,
  moveSession,
  cancelSession,
  createSeries,
  saveWorkshop,
  archiveWorkshop,
  addWalkIn,
  releaseNoShows
};

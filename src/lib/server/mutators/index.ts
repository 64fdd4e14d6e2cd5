/** The server's half of every mutator, by name. Adding one touches one line here. */
import type { MutatorArgs, MutatorName } from '../../domain/mutation';
import type { EditRecord, MutationContext } from './context';
import { cancelByCode, cancelRegistration, checkIn, registerAttendee } from './registration';
import { completeLesson, createLearner, submitQuizAttempt } from './learning';
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
  saveWorkshop,
  archiveWorkshop
};

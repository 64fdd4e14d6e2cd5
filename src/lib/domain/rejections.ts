/** Why the server refused a registration or a cancellation, as stable codes. */
export const REJECTIONS = {
  sessionUnknown: 'session_unknown',
  sessionCancelled: 'session_cancelled',
  sessionStarted: 'session_started',
  duplicate: 'duplicate',
  idReused: 'id_reused',
  notFound: 'not_found',
  invalidArgs: 'invalid_args',
  unknownMutation: 'unknown_mutation',
  notConfirmed: 'not_confirmed',
  courseUnknown: 'course_unknown',
  learnerUnknown: 'learner_unknown',
  codeInUse: 'code_in_use',
  /** The device may not send this mutator (e.g. a phone checking a ticket in). */
  forbidden: 'forbidden',
  /** The notice text the device says it showed is not this version's text. */
  unknownNotice: 'unknown_notice',
  /** An archived workshop gets no new sessions. */
  workshopArchived: 'workshop_archived'
} as const;
export type Rejection = (typeof REJECTIONS)[keyof typeof REJECTIONS];

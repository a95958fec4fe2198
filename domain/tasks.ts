/** Constants of the human-task rules, shared by the contract, the rules and the API. */

/** Failure types of rejected task Updates; the API maps each to an HTTP status. */
export const TaskRejection = {
  NotFound: 'TaskNotFound',
  NotOpen: 'TaskNotOpen',
  OutcomeNotAllowed: 'OutcomeNotAllowed',
  NotEntitled: 'ActorNotEntitled',
  InvalidInput: 'InvalidTaskInput',
} as const;

/** Longest comment accepted, in characters. */
export const MAX_COMMENT_LENGTH = 2000;

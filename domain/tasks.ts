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

/**
 * Types of a task form's fields: `reasons` maps some of the field's choices to a text (refused document →
 * why), `fen` is an amount of money in fen, `datetime` ISO 8601 with offset.
 */
/** The orders the inbox can be read in: by due time, or by the time the task opened. */
export const INBOX_SORTS = ['due', 'created'] as const;
/** An order the inbox can be read in. */
export type InboxSort = (typeof INBOX_SORTS)[number];

export const TASK_FIELD_TYPES = ['text', 'multiline', 'phone', 'datetime', 'choice', 'list', 'reasons', 'fen'] as const;

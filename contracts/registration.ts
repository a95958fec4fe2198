/**
 * Contract of Process 1, enterprise registration review: workflow ID, input, status, the applicant's
 * Updates (resubmit after a return, withdraw) and the state query. API, workers and tests import this
 * file, never the workflow body.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor } from './tasks';

/** Workflow type name. */
export const REGISTRATION_WORKFLOW = 'registrationReview';

/** ID of the `n`-th submission of an enterprise (a return-and-resubmit stays in the same workflow). */
export function registrationWorkflowId(enterpriseId: string, submission: number): string {
  return `registration-${enterpriseId}-${submission}`;
}

/** Status of a registration, as the applicant sees it. */
export type RegistrationStatus = 'draft' | 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

/** Steps of the review (业务步骤). */
export const REGISTRATION_STEPS = {
  first: '企业审核人1审核',
  second: '企业审核人2审核',
  phone: '电话审核',
  correction: '申请人补正',
} as const;

/** Timings, fixed at submission from configuration. */
export interface RegistrationTimings {
  /** A review task is due this long after it opens (then a reminder). */
  reviewDueMs: number;
  /** Escalation this long after the due time. */
  escalateAfterMs: number;
  escalationRole: Actor['roles'][number];
  /** A returned application closes if not resubmitted within this time. */
  correctionWindowMs: number;
}

/** Input of the registration workflow. */
export interface RegistrationInput {
  enterpriseId: string;
  /** Number of this submission (1, 2, … after rejections or withdrawals). */
  submission: number;
  /** The applicant's chosen reviewers (user IDs) for step 1 and step 2, if any. */
  reviewerIds: [string, string] | null;
  timings: RegistrationTimings;
}

/** The workflow's signature (the API starts it by type name with this type). */
export type RegistrationWorkflow = (input: RegistrationInput) => Promise<RegistrationStatus>;

/** What the registration workflow exposes. */
export interface RegistrationState {
  status: RegistrationStatus;
  step: string | null;
  /** Review round: 1, then +1 on each resubmission. */
  round: number;
  /** Fields and attachments marked for correction in the last return. */
  markedFields: string[];
  /** The reviewer's reason for each marked field or attachment that has one (补正原因). */
  fieldReasons: Record<string, string>;
  /** True once a decision was taken in the current round (withdrawal no longer possible). */
  decidedThisRound: boolean;
  outcomeReason: string | null;
}

/** The applicant resubmits after correcting the marked fields. */
export interface ResubmitInput {
  actor: Actor;
  /** Fields the applicant changed (checked against the marked ones). */
  changedFields: string[];
}

/** The applicant withdraws the submission (only before the first decision of the round). */
export interface WithdrawInput {
  actor: Actor;
  reason?: string;
}

/** Resubmit a returned application. */
export const resubmitUpdate = defineUpdate<RegistrationState, [ResubmitInput]>('resubmit');
/** Withdraw the application. */
export const withdrawUpdate = defineUpdate<RegistrationState, [WithdrawInput]>('withdraw');
/** The registration state. */
export const registrationStateQuery = defineQuery<RegistrationState>('registrationState');

/** Failure types of rejected registration Updates (HTTP 409). */
export const RegistrationRejection = {
  NotReturned: 'RegistrationNotReturned',
  AlreadyDecided: 'RegistrationAlreadyDecided',
  NotApplicant: 'NotTheApplicant',
  Closed: 'RegistrationClosed',
} as const;

/**
 * Contract of the change of enterprise information (企业信息 → 基础信息 → 变更): an approved enterprise
 * submits a changed copy of its approved profile; a registration reviewer approves, returns (marking the
 * fields to correct) or rejects it; approval updates the enterprise record. API, workers and tests import
 * this file, never the workflow body. Rejected Updates use the registration's failure types
 * (`RegistrationRejection`), which mean the same here.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RegistrationProfile } from '../domain/registration';
import type { Actor } from './tasks';

/** Workflow type name. */
export const ENTERPRISE_CHANGE_WORKFLOW = 'enterpriseChange';

/** ID of the `n`-th change request of an enterprise (a return-and-resubmit stays in the same workflow). */
export function enterpriseChangeWorkflowId(enterpriseId: string, seq: number): string {
  return `change-${enterpriseId}-${seq}`;
}

/** Owner of a change request's evidence files in the attachments table (current ones: the request being prepared). */
export const CHANGE_FILES = 'enterprise-change';

/** What a change request holds: the profile and the evidence files, as submitted for a round. */
export interface ChangeSubmission {
  profile: RegistrationProfile;
  attachments: { id: string; kind: string; sha256: string }[];
  submittedAt: string;
  round: number;
}

/** Status of a change request, as the applicant sees it. */
export type ChangeStatus = 'in_review' | 'returned' | 'approved' | 'rejected' | 'withdrawn';

/** Steps of a change request (业务步骤). */
export const CHANGE_STEPS = {
  review: '企业信息变更审核',
  correction: '申请人补正',
} as const;

/** Input of the change workflow, fixed at submission. */
export interface ChangeInput {
  enterpriseId: string;
  /** Number of this change request of the enterprise (1, 2, …). */
  seq: number;
  /** Fields that differ from the approved record (for the task's title). */
  changedFields: string[];
  reviewDueMs: number;
  escalateAfterMs: number;
  escalationRole: Actor['roles'][number];
  /** A returned request closes if not resubmitted within this time. */
  correctionWindowMs: number;
}

/** The workflow's signature. */
export type ChangeWorkflow = (input: ChangeInput) => Promise<ChangeStatus>;

/** What the change workflow exposes. */
export interface ChangeState {
  status: ChangeStatus;
  step: string | null;
  /** Review round: 1, then +1 on each resubmission. */
  round: number;
  /** Fields and attachments marked for correction in the last return. */
  markedFields: string[];
  outcomeReason: string | null;
}

/** The applicant resubmits after correcting the marked fields. */
export interface ChangeResubmitInput {
  actor: Actor;
}

/** The applicant withdraws the request (while it is not decided). */
export interface ChangeWithdrawInput {
  actor: Actor;
  reason?: string;
}

/** Resubmit a returned change request. */
export const resubmitChangeUpdate = defineUpdate<ChangeState, [ChangeResubmitInput]>('resubmitChange');
/** Withdraw the change request. */
export const withdrawChangeUpdate = defineUpdate<ChangeState, [ChangeWithdrawInput]>('withdrawChange');
/** The change request's state. */
export const changeStateQuery = defineQuery<ChangeState>('changeState');

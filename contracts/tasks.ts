/**
 * The human-task contract, shared by every process: what a workflow asks of a person, how the
 * decision comes back (a `completeTask` Update with a validator), and what the process record holds.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Role } from '../domain/roles';
import type { Bilingual, FieldProblem } from '../domain/text';

import type { TASK_FIELD_TYPES } from '../domain/tasks';

export { MAX_COMMENT_LENGTH, TaskRejection } from '../domain/tasks';

/** The person behind a request, as the API authenticated them. */
export interface Actor {
  userId: string;
  loginName: string;
  displayName: string;
  roles: Role[];
  /** The enterprise the person belongs to (applicants), `null` for staff. */
  enterpriseId: string | null;
  /** 部门 — the department shown in comment tables. */
  department: string | null;
}

/** The part of an actor kept in the record of a decision or comment. */
export interface ActorRef {
  userId: string;
  loginName: string;
  displayName: string;
}

/** One field of a task's form (the phone-call record, the fields marked for correction, …). */
export interface TaskFormField {
  name: string;
  label: Bilingual;
  /**
   * `reasons`: an object from some of `choices` to a text (e.g. refused document → why); `fen`: an
   * amount of money in fen (a whole number, as a number or digits); `datetime`: ISO 8601 with offset.
   */
  type: (typeof TASK_FIELD_TYPES)[number];
  /** A `datetime` of something that has happened: not later than now. */
  past?: boolean;
  /** Outcomes for which the field must be filled; `[]` = optional. */
  requiredFor: string[];
  choices?: string[];
  /** The API replaces the value by a secret reference before it reaches Temporal. */
  secret?: boolean;
  /** A `reasons` field whose items must be among those chosen in this `list` field of the same decision. */
  reasonsOf?: string;
  /** A `fen` field that must equal this amount for the outcomes in `requiredFor` (what the order is due). */
  expectedFen?: number;
  /** A text whose format depends on another field's choice (a tracking number by carrier): each choice's pattern and hint. */
  formatBy?: { field: string; formats: Record<string, { pattern: string; hint: Bilingual }> };
}

/** What a workflow asks of a person. */
export interface TaskRequest {
  /** Stable machine name, e.g. `registration.review`. */
  kind: string;
  title: string;
  /** 业务步骤 — the business step, as shown in the comment table. */
  step: string;
  /** 部门 — the department that decides. */
  department: string;
  candidateRole: Role;
  /** A named person (chosen by the submitter); only they, or the escalation role, may decide. */
  assigneeId?: string | null;
  outcomes: string[];
  /** Outcomes that need a comment (reject, return, …). */
  commentRequiredFor?: string[];
  form?: TaskFormField[];
  /** Reminder at the due time; escalation this long after it. */
  dueInMs: number;
  escalateAfterMs?: number;
  escalationRole?: Role;
  /** Tasks sharing a group must be decided by different people (four-eyes). */
  fourEyesGroup?: string;
}

/** Lifecycle of a task. */
export type TaskStatus = 'open' | 'completed' | 'cancelled';

/** A task as the workflow holds it. */
export interface HumanTask extends TaskRequest {
  taskId: string;
  processId: string;
  processType: string;
  enterpriseId: string | null;
  status: TaskStatus;
  assignedBy: 'process' | 'claim' | null;
  openedAt: string;
  dueAt: string;
  remindedAt: string | null;
  escalatedAt: string | null;
  closedAt: string | null;
  decision: TaskDecision | null;
  /** Why the process cancelled the task, when it says (a later decision is refused with this). */
  closedReason?: Bilingual | null;
  /** Bumped on every change, so projections apply changes in order. */
  version: number;
}

/** A decision as the API delivers it. */
export interface CompleteTaskInput {
  taskId: string;
  outcome: string;
  comment?: string | null;
  fields?: Record<string, unknown>;
  actor: Actor;
}

/** A recorded decision. */
export interface TaskDecision {
  taskId: string;
  kind: string;
  step: string;
  outcome: string;
  comment: string | null;
  fields: Record<string, unknown>;
  actor: ActorRef;
  decidedAt: string;
}

/** Claim or release a task. */
export interface ClaimTaskInput {
  taskId: string;
  actor: Actor;
}

/** 保存意见 — a comment added to a process. */
export interface AddCommentInput {
  text: string;
  actor: Actor;
}

/** 意见 — a row of the comment table (序号, 业务步骤, 部门, 意见). */
export interface ProcessComment {
  seq: number;
  step: string;
  department: string;
  actor: ActorRef;
  text: string;
  taskId: string | null;
  at: string;
}

/** What any process exposes about itself. */
export interface ProcessRecord {
  processId: string;
  processType: string;
  enterpriseId: string | null;
  status: string;
  step: string | null;
  openTasks: HumanTask[];
  decisions: TaskDecision[];
  comments: ProcessComment[];
}

/** Deliver a decision on a task. */
export const completeTaskUpdate = defineUpdate<TaskDecision, [CompleteTaskInput]>('completeTask');
/** Take a task from the role's pool. */
export const claimTaskUpdate = defineUpdate<HumanTask, [ClaimTaskInput]>('claimTask');
/** Give a claimed task back to the pool. */
export const unclaimTaskUpdate = defineUpdate<HumanTask, [ClaimTaskInput]>('unclaimTask');
/** Add a comment to the process's comment table. */
export const addCommentUpdate = defineUpdate<ProcessComment, [AddCommentInput]>('addComment');
/** The open tasks of the process. */
export const openTasksQuery = defineQuery<HumanTask[]>('openTasks');
/** The process record: status, step, open tasks, decisions, comments. */
export const processRecordQuery = defineQuery<ProcessRecord>('processRecord');

/** Details carried by a rejection: a bilingual message and the offending fields. */
export interface RejectionDetails {
  message: Bilingual;
  fields?: FieldProblem[];
}

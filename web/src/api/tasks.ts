/** Human tasks (`/api/v1/tasks`): the inbox query, one task, claim and release. */
import { call } from './client';
import type { Submission } from './submission';
import type { InboxTask, Page, Task } from './types';

/** The orders the inbox can be read in. */
export type InboxSort = 'due' | 'created';

/** The inbox filters the API takes today. */
export interface TaskQuery {
  status?: 'open' | 'completed' | 'cancelled';
  role?: string;
  /** `me` or a user ID. */
  assignee?: string;
  /** ISO 8601. */
  dueBefore?: string;
  processId?: string;
  kind?: string;
  /** Text the enterprise's name or credit code contains. */
  q?: string;
  /** By due time (the default) or by opening time. */
  sort?: InboxSort;
  limit?: number;
  cursor?: string | null;
}

/** One page of tasks, by due date. */
export const listTasks = (query: TaskQuery, signal?: AbortSignal) =>
  call<Page<InboxTask>>('GET', '/tasks', { query: { ...query }, signal });

/** One task. */
export const getTask = (id: string, signal?: AbortSignal) =>
  call<Task>('GET', `/tasks/${encodeURIComponent(id)}`, { signal });

/** Takes a task from the pool. */
export const claimTask = (id: string) => call<Task>('POST', `/tasks/${encodeURIComponent(id)}/claim`);

/** Gives a claimed task back to the pool. */
export const releaseTask = (id: string) => call<Task>('POST', `/tasks/${encodeURIComponent(id)}/unclaim`);

/** A decision: the outcome, the comment, the form's fields. */
export interface DecisionBody {
  outcome: string;
  comment?: string | null;
  fields?: Record<string, unknown>;
}

/** Records a decision; the submission's Idempotency-Key follows the body. */
export const completeTask = (id: string, body: DecisionBody, submission: Submission) =>
  call<NonNullable<Task['decision']>>('POST', `/tasks/${encodeURIComponent(id)}/complete`, { body, submission });

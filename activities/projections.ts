/**
 * Projection activities: the database's read copy of processes, tasks and comments. Each write is an
 * idempotent upsert guarded by the row's version, so a retried or late activity never duplicates a row
 * nor rolls a newer state back.
 */
import { sql } from 'kysely';
import type { HumanTask, ProcessComment } from '../contracts/tasks';
import type { Db } from '../platform/db';

/** The state of a process as the workflow reports it. */
export interface ProcessSnapshot {
  processId: string;
  processType: string;
  title: string;
  enterpriseId: string | null;
  status: string;
  step: string | null;
  state: Record<string, unknown>;
  version: number;
  startedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

/** Builds the projection activities over `db`. */
export function createProjectionActivities({ db }: { db: Db }) {
  return {
    /** Writes a task's current state (insert or newer version). */
    async saveTask(task: HumanTask): Promise<void> {
      const row = {
        id: task.taskId,
        process_id: task.processId,
        process_type: task.processType,
        enterprise_id: task.enterpriseId,
        kind: task.kind,
        title: task.title,
        step: task.step,
        candidate_role: task.candidateRole,
        escalation_role: task.escalatedAt ? (task.escalationRole ?? null) : null,
        assignee_id: task.assigneeId ?? null,
        assigned_by: task.assignedBy,
        status: task.status,
        outcomes: JSON.stringify(task.outcomes),
        form: JSON.stringify(task.form ?? []),
        comment_required_for: JSON.stringify(task.commentRequiredFor ?? []),
        four_eyes_group: task.fourEyesGroup ?? null,
        opened_at: task.openedAt,
        due_at: task.dueAt,
        reminded_at: task.remindedAt,
        escalated_at: task.escalatedAt,
        completed_at: task.closedAt,
        completed_by: task.decision?.actor.userId ?? null,
        outcome: task.decision?.outcome ?? null,
        decision: task.decision ? JSON.stringify(task.decision) : null,
        closed_reason: task.closedReason ? JSON.stringify(task.closedReason) : null,
        version: task.version,
      };
      const { id: _id, ...changes } = row;
      await db
        .insertInto('tasks')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(changes)
            .where('tasks.version', '<', sql<number>`excluded.version`),
        )
        .execute();
    },

    /** Writes a comment once (keyed by process and sequence number). */
    async saveComment(processId: string, comment: ProcessComment): Promise<void> {
      await db
        .insertInto('process_comments')
        .values({
          process_id: processId,
          seq: comment.seq,
          step: comment.step,
          department: comment.department,
          actor_id: comment.actor.userId,
          actor_name: comment.actor.displayName,
          text: comment.text,
          task_id: comment.taskId,
          created_at: comment.at,
        })
        .onConflict((oc) => oc.columns(['process_id', 'seq']).doNothing())
        .execute();
    },

    /** Writes a process's current state (insert or newer version). */
    async saveProcess(p: ProcessSnapshot): Promise<void> {
      const row = {
        id: p.processId,
        type: p.processType,
        title: p.title,
        enterprise_id: p.enterpriseId,
        status: p.status,
        step: p.step,
        state: JSON.stringify(p.state),
        version: p.version,
        started_at: p.startedAt,
        updated_at: p.updatedAt,
        closed_at: p.closedAt,
      };
      const { id: _id, ...changes } = row;
      await db
        .insertInto('processes')
        .values(row)
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet(changes)
            .where('processes.version', '<', sql<number>`excluded.version`),
        )
        .execute();
    },
  };
}

/** The projection activities, as workflows proxy them. */
export type ProjectionActivities = ReturnType<typeof createProjectionActivities>;

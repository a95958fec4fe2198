/** Reading the task projection: inbox queries, visibility, and the facts the task rules need. */
import { sql, type SqlBool } from 'kysely';
import type { HumanTask } from '../../contracts/tasks';
import { OVERSEER_ROLES } from '../../domain/process-access';
import { hasRole, type Role } from '../../domain/roles';
import type { TaskFacts } from '../../domain/task-rules';
import type { Db } from '../../platform/db';
import type { TaskRow, UserRow } from '../../platform/db/schema';
import type { TaskView } from '../schemas/tasks';

export { OVERSEER_ROLES } from '../../domain/process-access';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The API view of a projection row. */
export function taskView(t: TaskRow): TaskView {
  return {
    id: t.id,
    processId: t.process_id,
    processType: t.process_type,
    enterpriseId: t.enterprise_id,
    kind: t.kind,
    title: t.title,
    step: t.step,
    candidateRole: t.candidate_role,
    escalationRole: t.escalation_role,
    assigneeId: t.assignee_id,
    status: t.status,
    outcomes: t.outcomes,
    commentRequiredFor: t.comment_required_for,
    form: t.form,
    openedAt: t.opened_at.toISOString(),
    dueAt: t.due_at.toISOString(),
    overdue: t.status === 'open' && t.due_at.getTime() < Date.now(),
    remindedAt: iso(t.reminded_at),
    escalatedAt: iso(t.escalated_at),
    completedAt: iso(t.completed_at),
    decision: t.decision,
  };
}

/** The facts the task rules check, from a projection row. */
export function taskFacts(t: TaskRow): TaskFacts {
  return {
    status: t.status,
    candidateRole: t.candidate_role as Role,
    assigneeId: t.assignee_id,
    escalatedAt: iso(t.escalated_at),
    escalationRole: (t.escalation_role ?? undefined) as HumanTask['escalationRole'],
    enterpriseId: t.enterprise_id,
    outcomes: t.outcomes,
    commentRequiredFor: t.comment_required_for,
    form: t.form,
    fourEyesGroup: t.four_eyes_group ?? undefined,
    closedReason: t.closed_reason,
  };
}

/** True when `user` may see the task: overseers, holders of its role, its assignee. */
export function maySeeTask(user: UserRow, t: TaskRow): boolean {
  if (hasRole(user, ...OVERSEER_ROLES)) return true;
  if (t.assignee_id === user.id || t.completed_by === user.id) return true;
  return (
    user.roles.includes(t.candidate_role) || (t.escalation_role !== null && user.roles.includes(t.escalation_role))
  );
}

/** Inbox filters. */
export interface InboxFilter {
  status: TaskRow['status'];
  role?: string;
  assigneeId?: string;
  dueBefore?: Date;
  processId?: string;
  kind?: string;
  /** Restrict to tasks visible to these roles / this user (non-overseers). */
  visibleTo?: { roles: string[]; userId: string };
  after?: [string, string] | null;
  limit: number;
}

/** Open (or other) tasks by due date, keyset-paginated on (due_at, id). */
export async function inbox(db: Db, f: InboxFilter): Promise<TaskRow[]> {
  const base = () => {
    let q = db.selectFrom('tasks').selectAll().where('status', '=', f.status);
    if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
    if (f.dueBefore) q = q.where('due_at', '<', f.dueBefore);
    if (f.processId) q = q.where('process_id', '=', f.processId);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.after) q = q.where(sql<SqlBool>`(due_at, id) > (${new Date(f.after[0])}, ${f.after[1]})`);
    if (f.visibleTo) {
      const { roles, userId } = f.visibleTo;
      q = q.where((eb) =>
        eb.or([
          eb('candidate_role', 'in', roles.length ? roles : ['']),
          eb('escalation_role', 'in', roles.length ? roles : ['']),
          eb('assignee_id', '=', userId),
        ]),
      );
    }
    return q;
  };
  if (!f.role) return base().orderBy('due_at').orderBy('id').limit(f.limit).execute();
  // A role's inbox: tasks for the role, plus tasks escalated to it; each half walks its own index.
  const role = f.role;
  const direct = base().where('candidate_role', '=', role).orderBy('due_at').orderBy('id').limit(f.limit);
  const escalated = base()
    .where('escalation_role', '=', role)
    .where('candidate_role', '<>', role)
    .orderBy('due_at')
    .orderBy('id')
    .limit(f.limit);
  const { rows } =
    await sql<TaskRow>`select * from ((${direct}) union all (${escalated})) as t order by due_at, id limit ${f.limit}`.execute(
      db,
    );
  return rows;
}

/** One task row by ID. */
export async function findTask(db: Db, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

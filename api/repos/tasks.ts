/** Reading the task projection: inbox queries, visibility, and the facts the task rules need. */
import { sql, type SqlBool } from 'kysely';
import type { HumanTask } from '../../contracts/tasks';
import { OVERSEER_ROLES } from '../../domain/process-access';
import { hasRole, type Role } from '../../domain/roles';
import { choiceLabel, outcomeOptions } from '../../domain/task-labels';
import type { InboxSort } from '../../domain/tasks';
import type { TaskFacts } from '../../domain/task-rules';
import type { Db } from '../../platform/db';
import type { TaskRow, UserRow } from '../../platform/db/schema';
import type { InboxTaskView, TaskView } from '../schemas/tasks';

export { OVERSEER_ROLES } from '../../domain/process-access';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Names a task row is shown with: its enterprise's and its assignee's, read in the same query. */
export interface TaskNames {
  enterprise_name: string | null;
  credit_code: string | null;
  assignee_name: string | null;
}

/** A projection row with the names it is shown with. */
export type NamedTaskRow = TaskRow & TaskNames;

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
    outcomeOptions: outcomeOptions(t.outcomes),
    commentRequiredFor: t.comment_required_for,
    form: t.form.map((field) => (field.choices ? { ...field, choiceLabels: field.choices.map(choiceLabel) } : field)),
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

/** The column an inbox order walks (then `id`). */
export function inboxSortKey(t: TaskRow, sort: InboxSort): Date {
  return sort === 'created' ? t.opened_at : t.due_at;
}

/** `text` with the LIKE wildcards and the escape character escaped, to match literally. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The API view of an inbox row: the task with its enterprise's and assignee's names. */
export function inboxTaskView(t: NamedTaskRow): InboxTaskView {
  return {
    ...taskView(t),
    enterpriseName: t.enterprise_name,
    creditCode: t.credit_code,
    assigneeName: t.assignee_name,
  };
}

/** Inbox filters. */
export interface InboxFilter {
  status: TaskRow['status'];
  role?: string;
  assigneeId?: string;
  dueBefore?: Date;
  processId?: string;
  kind?: string;
  /** Text the enterprise's name or credit code contains (case-insensitive). */
  text?: string;
  /** The order of the rows: by due time or by the time the task opened. */
  sort: InboxSort;
  /** Restrict to tasks visible to these roles / this user (non-overseers). */
  visibleTo?: { roles: string[]; userId: string };
  after?: [string, string] | null;
  limit: number;
}

/** Open (or other) tasks by due date or opening time, keyset-paginated on (that time, id), with their names. */
export async function inbox(db: Db, f: InboxFilter): Promise<NamedTaskRow[]> {
  const key = sql.ref(f.sort === 'created' ? 'opened_at' : 'due_at');
  const base = () => {
    // (the page's IDs and sort keys only: a walk over an index that holds the filtered columns reads no rows)
    let q = db
      .selectFrom('tasks')
      .select(['id', f.sort === 'created' ? 'opened_at' : 'due_at'])
      .where('status', '=', f.status);
    if (f.assigneeId) q = q.where('assignee_id', '=', f.assigneeId);
    if (f.dueBefore) q = q.where('due_at', '<', f.dueBefore);
    if (f.processId) q = q.where('process_id', '=', f.processId);
    if (f.kind) q = q.where('kind', '=', f.kind);
    if (f.after) q = q.where(sql<SqlBool>`(${key}, id) > (${new Date(f.after[0])}, ${f.after[1]})`);
    if (f.text) {
      const pattern = `%${likeLiteral(f.text)}%`;
      // The enterprises found first (a trigram index over name and credit code), then their tasks.
      q = q.where(
        sql<SqlBool>`tasks.enterprise_id in (select e.id from enterprises e where e.search_text like lower(${pattern}))`,
      );
    }
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
    return q.orderBy(key).orderBy('id').limit(f.limit);
  };
  // A role's inbox: tasks for the role, plus tasks escalated to it; each half walks its own index.
  const page = f.role
    ? sql`select * from ((${base().where('candidate_role', '=', f.role)}) union all (${base()
        .where('escalation_role', '=', f.role)
        .where('candidate_role', '<>', f.role)})) as r order by ${key}, id limit ${f.limit}`
    : sql`${base()}`;
  // The page's rows and names are read last: one query, and the page's rows alone are looked up.
  const { rows } = await sql<NamedTaskRow>`
    select t.*, e.entity_name as enterprise_name, e.credit_code, u.display_name as assignee_name
    from (${page}) as p
    join tasks t on t.id = p.id
    left join enterprises e on e.id = t.enterprise_id
    left join users u on u.id = t.assignee_id
    order by t.${key}, t.id`.execute(db);
  return rows;
}

/** One task row by ID. */
export async function findTask(db: Db, id: string): Promise<TaskRow | undefined> {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Process records: the projection of every process, its tasks and its comment table. Functions take `db` or a transaction. */
import { sql } from 'kysely';
import { hasRole } from '../../domain/roles';
import type { Db } from '../../platform/db';
import type { CommentRow, ProcessRow, TaskRow, UserRow } from '../../platform/db/schema';
import { OVERSEER_ROLES } from './tasks';

/** A process by ID. */
export async function findProcess(db: Db, id: string): Promise<ProcessRow | undefined> {
  return db.selectFrom('processes').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A process the user may see: overseers; users of the enterprise whose case it is; staff holding a
 * role that has (or had) a task in it, or who decided one.
 */
export async function processVisibleTo(db: Db, user: UserRow, id: string): Promise<ProcessRow | undefined> {
  const process = await findProcess(db, id);
  if (!process) return undefined;
  if (hasRole(user, ...OVERSEER_ROLES)) return process;
  if (process.enterprise_id !== null && user.enterprise_id === process.enterprise_id) return process;
  const involved = await db
    .selectFrom('tasks')
    .select('id')
    .where('process_id', '=', id)
    .where((eb) =>
      eb.or([
        eb('candidate_role', 'in', user.roles.length ? user.roles : ['']),
        eb('escalation_role', 'in', user.roles.length ? user.roles : ['']),
        eb('completed_by', '=', user.id),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return involved ? process : undefined;
}

/** Processes, newest first, keyset-paginated on (started_at, id). */
export async function listProcesses(
  db: Db,
  f: { type?: string; status?: string; enterpriseId?: string; after: [string, string] | null; limit: number },
): Promise<ProcessRow[]> {
  let q = db.selectFrom('processes').selectAll();
  if (f.type) q = q.where('type', '=', f.type);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.enterpriseId) q = q.where('enterprise_id', '=', f.enterpriseId);
  if (f.after) q = q.where(sql<boolean>`(started_at, id) < (${new Date(f.after[0])}, ${f.after[1]})`);
  return q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** Every task of a process, in the order they opened. */
export async function processTasks(db: Db, processId: string): Promise<TaskRow[]> {
  return db
    .selectFrom('tasks')
    .selectAll()
    .where('process_id', '=', processId)
    .orderBy('opened_at')
    .orderBy('id')
    .execute();
}

/** The open tasks of a process: what they are called, their step, when they are due. */
export async function openTaskSummaries(
  db: Db,
  processId: string,
): Promise<Pick<TaskRow, 'title' | 'step' | 'due_at'>[]> {
  return db
    .selectFrom('tasks')
    .select(['title', 'step', 'due_at'])
    .where('process_id', '=', processId)
    .where('status', '=', 'open')
    .execute();
}

/** 意见 — the comment table of a process, in order. */
export async function processComments(db: Db, processId: string): Promise<CommentRow[]> {
  return db.selectFrom('process_comments').selectAll().where('process_id', '=', processId).orderBy('seq').execute();
}

/** A row of the comment table as an applicant sees it (序号, 业务步骤, 部门, 意见): by department, not by name. */
export function commentByDepartment(c: CommentRow) {
  return { seq: c.seq, step: c.step, department: c.department, comment: c.text, at: c.created_at.toISOString() };
}

/** Process records: the projection of every process, its tasks and its comment table. Functions take `db` or a transaction. */
import { sql } from 'kysely';
import { processEntitlement, type ProcessEntitlement, type ProcessTaskFacts } from '../../domain/process-access';
import type { Db } from '../../platform/db';
import type { CommentRow, ProcessRow, TaskRow, UserRow } from '../../platform/db/schema';

/** A process by ID. */
export async function findProcess(db: Db, id: string): Promise<ProcessRow | undefined> {
  return db.selectFrom('processes').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The tasks of a process as the access rule needs them. */
async function accessFacts(db: Db, processId: string): Promise<ProcessTaskFacts[]> {
  const rows = await db
    .selectFrom('tasks')
    .select(['candidate_role', 'escalation_role', 'assignee_id', 'completed_by'])
    .where('process_id', '=', processId)
    .execute();
  return rows.map((t) => ({
    candidateRole: t.candidate_role,
    escalationRole: t.escalation_role,
    assigneeId: t.assignee_id,
    completedBy: t.completed_by,
  }));
}

/** What `user` may do with `process` (the one access rule, `processEntitlement`). */
export async function entitlementTo(db: Db, user: UserRow, process: ProcessRow): Promise<ProcessEntitlement> {
  return processEntitlement(
    { id: user.id, roles: user.roles, enterpriseId: user.enterprise_id },
    { type: process.type, enterpriseId: process.enterprise_id },
    await accessFacts(db, process.id),
  );
}

/** A process the user may read, with what they may do with it; undefined when there is none or they may not. */
export async function processVisibleTo(
  db: Db,
  user: UserRow,
  id: string,
): Promise<(ProcessRow & { entitlement: 'comment' | 'read' }) | undefined> {
  const process = await findProcess(db, id);
  if (!process) return undefined;
  const entitlement = await entitlementTo(db, user, process);
  return entitlement ? { ...process, entitlement } : undefined;
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

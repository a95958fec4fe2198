/**
 * A role's inbox searched by enterprise walks the role's index alone: the role and escalation indexes carry
 * each task's enterprise (and the escalation index its candidate role), so tasks of other enterprises are
 * passed over without reading their rows. The escalation index keeps escalated tasks only.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_inbox_role_idx').execute();
  await db.schema.dropIndex('tasks_inbox_escalation_idx').execute();
  await sql`create index tasks_inbox_role_idx on tasks (status, candidate_role, due_at, id) include (enterprise_id)`.execute(
    db,
  );
  await sql`create index tasks_inbox_escalation_idx on tasks (status, escalation_role, due_at, id)
    include (candidate_role, enterprise_id) where escalation_role is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('tasks_inbox_role_idx').execute();
  await db.schema.dropIndex('tasks_inbox_escalation_idx').execute();
  await db.schema
    .createIndex('tasks_inbox_role_idx')
    .on('tasks')
    .columns(['status', 'candidate_role', 'due_at', 'id'])
    .execute();
  await db.schema
    .createIndex('tasks_inbox_escalation_idx')
    .on('tasks')
    .columns(['status', 'escalation_role', 'due_at', 'id'])
    .execute();
}

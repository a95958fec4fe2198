/**
 * 变更 — change requests of an approved enterprise's registered information: the approved record it was
 * made against, what was submitted (profile and evidence files), the review status; one open request
 * (in review or returned) per enterprise.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enterprise_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('in_review', 'returned', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('base', 'jsonb', (c) => c.notNull())
    .addColumn('submitted', 'jsonb', (c) => c.notNull())
    .addColumn('changed_fields', 'jsonb', (c) => c.notNull())
    .addColumn('editable_fields', 'jsonb')
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('reason', 'text')
    .addColumn('workflow_input', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addUniqueConstraint('enterprise_changes_seq_key', ['enterprise_id', 'seq'])
    .execute();
  await sql`create unique index enterprise_changes_open_key on enterprise_changes (enterprise_id)
    where status in ('in_review', 'returned')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('enterprise_changes').execute();
}

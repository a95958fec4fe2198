/** CA-lock bindings (change requests and their approval), login challenges, certificate lifecycle status. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per change asked: add a lock (新增) or remove one (删除); an approved add is a binding in force.
  await db.schema
    .createTable('ca_bindings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
    .addColumn('token_serial', 'text', (c) => c.notNull())
    .addColumn('certificate_serial', 'text', (c) => c.notNull().references('certificates.serial_hex'))
    .addColumn('subject_dn', 'text', (c) => c.notNull())
    .addColumn('not_after', 'timestamptz', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull().check(sql`change in ('add', 'remove')`))
    .addColumn('review_status', 'text', (c) =>
      c.notNull().check(sql`review_status in ('unsubmitted', 'pending', 'approved', 'rejected')`),
    )
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('removes_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('process_id', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('ca_bindings_enterprise_idx')
    .on('ca_bindings')
    .columns(['enterprise_id', 'created_at'])
    .execute();
  // A certificate is bound at most once at a time; at most one change of it is waiting.
  await sql`create unique index ca_bindings_active_key on ca_bindings (certificate_serial) where active`.execute(db);
  await sql`create unique index ca_bindings_open_change_key on ca_bindings (certificate_serial, change) where review_status in ('unsubmitted', 'pending')`.execute(
    db,
  );

  await db.schema
    .createTable('ca_login_challenges')
    .addColumn('nonce_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .alterTable('certificates')
    .addColumn('lifecycle', 'text', (c) =>
      c
        .notNull()
        .defaultTo('valid')
        .check(sql`lifecycle in ('valid', 'expiring', 'expired', 'revoked')`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('certificates').dropColumn('lifecycle').execute();
  await db.schema.dropTable('ca_login_challenges').ifExists().execute();
  await db.schema.dropTable('ca_bindings').ifExists().execute();
}

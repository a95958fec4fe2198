/** Enterprise registration: enterprises, account tokens, profiles, attachments, comment phrases. */
import { type Kysely, sql } from 'kysely';

const PHRASES = [
  '资料齐全，符合要求，同意。',
  '营业执照扫描件不清晰，请上传原件扫描件。',
  '法定代表人身份证扫描件不完整，请上传正反面。',
  '统一社会信用代码与营业执照不一致，请核对。',
  '注册地址与营业执照不一致，请核对。',
  '已电话核实，信息属实。',
  '电话无法接通，请核对联系电话。',
  '不符合注册条件，不予通过。',
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('enterprises')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('entity_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'active', 'inactive')`),
    )
    .addColumn('credit_code', 'text')
    .addColumn('approved_profile', 'jsonb')
    .addColumn('approved_by_process', 'text')
    .addColumn('activated_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // One active enterprise per credit code.
  await sql`create unique index enterprises_active_credit_code_key on enterprises (credit_code) where status = 'active'`.execute(
    db,
  );

  await db.schema
    .alterTable('users')
    .addForeignKeyConstraint('users_enterprise_fkey', ['enterprise_id'], 'enterprises', ['id'])
    .execute();

  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('activate', 'reset_password')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('account_tokens_user_idx')
    .on('account_tokens')
    .columns(['user_id', 'purpose', 'created_at'])
    .execute();

  await db.schema
    .createTable('enterprise_profiles')
    .addColumn('enterprise_id', 'text', (c) => c.primaryKey().references('enterprises.id').onDelete('cascade'))
    .addColumn('draft', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('submitted', 'jsonb')
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'in_review', 'returned', 'approved', 'rejected', 'withdrawn')`),
    )
    .addColumn('editable_fields', 'jsonb')
    .addColumn('process_id', 'text')
    .addColumn('workflow_input', 'jsonb')
    .addColumn('submissions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('current')
        .check(sql`status in ('current', 'replaced', 'deleted')`),
    )
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('retired_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('attachments_owner_idx')
    .on('attachments')
    .columns(['enterprise_id', 'owner', 'status'])
    .execute();

  await db.schema
    .createTable('comment_phrases')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db
    .insertInto('comment_phrases')
    .values(PHRASES.map((text, i) => ({ text, sort_order: (i + 1) * 10 })))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['comment_phrases', 'attachments', 'enterprise_profiles', 'account_tokens'])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('users').dropConstraint('users_enterprise_fkey').execute();
  await db.schema.dropTable('enterprises').ifExists().execute();
}

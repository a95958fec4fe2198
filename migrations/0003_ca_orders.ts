/** Certificate orders: catalogue, orders, payments, UKeys made, issued certificates, token stations. */
import { type Kysely, sql } from 'kysely';

const SERVICES = [
  {
    id: 'org-primary',
    name: '机构证书（主锁）',
    certificate_type: 'organization',
    lock_role: 'primary',
    term_years: 1,
    unit_price_fen: 60000,
    sort_order: 10,
  },
  {
    id: 'trader-secondary',
    name: '交易员证书（副锁）',
    certificate_type: 'organization',
    lock_role: 'secondary',
    term_years: 1,
    unit_price_fen: 30000,
    sort_order: 20,
  },
  {
    id: 'personal',
    name: '个人证书',
    certificate_type: 'personal',
    lock_role: 'primary',
    term_years: 1,
    unit_price_fen: 20000,
    sort_order: 30,
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ca_services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('certificate_type', 'text', (c) =>
      c.notNull().check(sql`certificate_type in ('organization', 'personal')`),
    )
    .addColumn('lock_role', 'text', (c) => c.notNull().check(sql`lock_role in ('primary', 'secondary')`))
    .addColumn('binding_type', 'text', (c) => c.notNull().defaultTo('new_issue'))
    .addColumn('term_years', 'integer', (c) => c.notNull().check(sql`term_years between 1 and 10`))
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull().check(sql`unit_price_fen >= 0`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.insertInto('ca_services').values(SERVICES).execute();

  await sql`create sequence ca_order_no_seq`.execute(db);
  await db.schema
    .createTable('ca_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_no', 'text', (c) => c.notNull().unique())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('ca_services.id'))
    .addColumn('service', 'jsonb', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull().check(sql`quantity >= 1`))
    .addColumn('unit_price_fen', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`status in ('unpaid', 'paid', 'in_review', 'rejected', 'approved', 'in_production', 'completed', 'cancelled')`,
        ),
    )
    .addColumn('registration', 'jsonb', (c) => c.notNull())
    .addColumn('invoice', 'jsonb', (c) => c.notNull())
    .addColumn('shipping', 'jsonb', (c) => c.notNull())
    .addColumn('agreement', 'jsonb', (c) => c.notNull())
    .addColumn('process_id', 'text', (c) => c.notNull())
    .addColumn('workflow_input', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'timestamptz')
    .addColumn('auth_code_hash', 'text')
    .addColumn('auth_code_expires_at', 'timestamptz')
    .addColumn('auth_code_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('auth_code_locked_at', 'timestamptz')
    .addColumn('pin_ref', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('ca_orders_enterprise_idx')
    .on('ca_orders')
    .columns(['enterprise_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ca_orders.id'))
    .addColumn('method', 'text', (c) => c.notNull().check(sql`method in ('online', 'bank_transfer')`))
    .addColumn('provider', 'text')
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'paid', 'refused')`))
    .addColumn('trade_no', 'text')
    .addColumn('slip_attachment_id', 'text')
    .addColumn('reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('paid_at', 'timestamptz')
    .execute();
  await sql`create unique index payments_provider_trade_key on payments (provider, trade_no) where trade_no is not null`.execute(
    db,
  );
  await db.schema.createIndex('payments_order_idx').on('payments').column('order_id').execute();

  // Every notification a payment provider sent, valid or not: the audit trail of money.
  await db.schema
    .createTable('payment_notifications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('out_trade_no', 'text')
    .addColumn('trade_no', 'text')
    .addColumn('trade_status', 'text')
    .addColumn('amount_fen', 'bigint')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('order_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ca_orders.id'))
    .addColumn('token_serial', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('ukey_model', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('in_progress', 'done', 'failed')`))
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('certificate_serial', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('order_tokens_serial_idx').on('order_tokens').column('token_serial').execute();
  await db.schema
    .createIndex('order_tokens_order_idx')
    .on('order_tokens')
    .columns(['order_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('certificates')
    .addColumn('serial_hex', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ca_orders.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().unique())
    .addColumn('enterprise_id', 'text', (c) => c.notNull().references('enterprises.id'))
    .addColumn('token_serial', 'text', (c) => c.notNull())
    .addColumn('subject_dn', 'text', (c) => c.notNull())
    .addColumn('issuer_dn', 'text', (c) => c.notNull())
    .addColumn('not_before', 'timestamptz', (c) => c.notNull())
    .addColumn('not_after', 'timestamptz', (c) => c.notNull())
    .addColumn('fingerprint_sha256', 'text', (c) => c.notNull())
    .addColumn('pem', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('issued', 'installed', 'void', 'revoked', 'expired')`),
    )
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revocation_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('certificates_enterprise_idx')
    .on('certificates')
    .columns(['enterprise_id', 'status'])
    .execute();

  await db.schema
    .createTable('stations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('module_path', 'text', (c) => c.notNull())
    .addColumn('task_queue', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'stations',
    'certificates',
    'order_tokens',
    'payment_notifications',
    'payments',
    'ca_orders',
    'ca_services',
  ])
    await db.schema.dropTable(t).ifExists().execute();
  await sql`drop sequence if exists ca_order_no_seq`.execute(db);
}

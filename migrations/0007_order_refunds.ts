/**
 * Money an order received twice, to be refunded by finance; why a task was closed without a decision; and
 * the payment time of every paid order.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per payment an order did not need: an online payment after the order was paid, or a bank
  // transfer reported before another payment settled the order. Finance refunds it through a task.
  await db.schema
    .createTable('order_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('order_id', 'text', (c) => c.notNull().references('ca_orders.id'))
    .addColumn('payment_id', 'text', (c) => c.notNull().unique().references('payments.id'))
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('open', 'refunded', 'not_received', 'cancelled')`),
    )
    .addColumn('comment', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('decided_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('order_refunds_order_idx').on('order_refunds').column('order_id').execute();

  await db.schema.alterTable('tasks').addColumn('closed_reason', 'jsonb').execute();

  // An order paid while its materials were already in had its status moved past `paid` before the
  // status was written, and with it the payment time: take it from the payment that paid the order.
  await sql`
    update ca_orders o set paid_at = p.paid_at
    from (select order_id, min(paid_at) as paid_at from payments where status = 'paid' group by order_id) p
    where p.order_id = o.id and o.paid_at is null and o.status <> 'unpaid'
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tasks').dropColumn('closed_reason').execute();
  await db.schema.dropTable('order_refunds').ifExists().execute();
}

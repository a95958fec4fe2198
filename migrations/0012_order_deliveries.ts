/** The delivery of each order's UKeys (物流信息, 我的签收): dispatch or pickup, and the receipt. */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // One row per order whose UKeys are all made, written by the order workflow as the delivery moves on.
  await db.schema
    .createTable('order_deliveries')
    .addColumn('order_id', 'text', (c) => c.primaryKey().references('ca_orders.id'))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('awaiting_dispatch', 'dispatched', 'awaiting_pickup', 'received')`),
    )
    .addColumn('method', 'text', (c) => c.check(sql`method in ('courier', 'pickup')`))
    .addColumn('carrier', 'text')
    .addColumn('tracking_no', 'text')
    .addColumn('dispatched_at', 'timestamptz')
    .addColumn('auto_confirm_at', 'timestamptz')
    .addColumn('received_at', 'timestamptz')
    .addColumn('confirmed_by', 'text', (c) => c.check(sql`confirmed_by in ('applicant', 'auto')`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('order_deliveries_status_idx').on('order_deliveries').column('status').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('order_deliveries').ifExists().execute();
}

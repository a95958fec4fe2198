/**
 * A refund given back through the payment provider records the provider's refund ID and state; a refund
 * the provider refused is `failed`.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('order_refunds')
    .addColumn('provider_refund_id', 'text')
    .addColumn('provider_status', 'text')
    .execute();
  await sql`alter table order_refunds drop constraint order_refunds_status_check`.execute(db);
  await sql`alter table order_refunds add constraint order_refunds_status_check
    check (status in ('open', 'refunded', 'not_received', 'cancelled', 'failed'))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table order_refunds drop constraint order_refunds_status_check`.execute(db);
  await sql`alter table order_refunds add constraint order_refunds_status_check
    check (status in ('open', 'refunded', 'not_received', 'cancelled'))`.execute(db);
  await db.schema.alterTable('order_refunds').dropColumn('provider_refund_id').dropColumn('provider_status').execute();
}

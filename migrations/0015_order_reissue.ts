/** 补办: the certificate a re-issue order replaces (lost, broken, or naming the enterprise as it was). */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ca_orders').addColumn('reissue_of', 'text').execute();
  // At most one re-issue of a certificate is not cancelled.
  await sql`create unique index ca_orders_reissue_of_key on ca_orders (reissue_of) where reissue_of is not null and status <> 'cancelled'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists ca_orders_reissue_of_key`.execute(db);
  await db.schema.alterTable('ca_orders').dropColumn('reissue_of').execute();
}

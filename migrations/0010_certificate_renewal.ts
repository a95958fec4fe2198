/**
 * Certificate renewal (续期): the catalogue's renewal price, a renewal order's certificate and whether its
 * materials review was skipped, the certificate that superseded another, and the binding a renewal moved.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // The price of renewing one certificate of the service (the same UKey, a new key pair and certificate).
  await db.schema
    .alterTable('ca_services')
    .addColumn('renewal_price_fen', 'integer', (c) => c.check(sql`renewal_price_fen >= 0`))
    .execute();
  await sql`update ca_services set renewal_price_fen = unit_price_fen * 4 / 5`.execute(db);

  // A renewal order names the certificate it renews; at most one renewal of a certificate is not cancelled.
  await db.schema.alterTable('ca_orders').addColumn('renews_serial', 'text').execute();
  // Set when a renewal's materials review was skipped: the enterprise record had not changed since issue.
  await db.schema.alterTable('ca_orders').addColumn('review_skipped_at', 'timestamptz').execute();
  await sql`create unique index ca_orders_renews_serial_key on ca_orders (renews_serial) where renews_serial is not null and status <> 'cancelled'`.execute(
    db,
  );
  await db.schema.alterTable('certificates').addColumn('superseded_by', 'text').execute();
  // A binding that followed its UKey to the renewed certificate: the one it replaced.
  await db.schema.alterTable('ca_bindings').addColumn('followed_from', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ca_bindings').dropColumn('followed_from').execute();
  await db.schema.alterTable('certificates').dropColumn('superseded_by').execute();
  await sql`drop index if exists ca_orders_renews_serial_key`.execute(db);
  await db.schema.alterTable('ca_orders').dropColumn('review_skipped_at').execute();
  await db.schema.alterTable('ca_orders').dropColumn('renews_serial').execute();
  await db.schema.alterTable('ca_services').dropColumn('renewal_price_fen').execute();
}

/**
 * Signing in with a one-time code sent to the account's mobile number or email: the codes (kept only as a
 * keyed hash) and the requests for them (for the limits per number or address and per source). Numbers
 * and addresses are kept only as a keyed hash too, so what strangers type is not kept.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sign_in_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('sms', 'email')`))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('spent_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('sign_in_codes_address_idx')
    .on('sign_in_codes')
    .columns(['address_hash', 'created_at'])
    .execute();

  await db.schema
    .createTable('sign_in_code_requests')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('address_hash', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('sign_in_code_requests_address_idx')
    .on('sign_in_code_requests')
    .columns(['address_hash', 'requested_at'])
    .execute();
  await db.schema
    .createIndex('sign_in_code_requests_source_idx')
    .on('sign_in_code_requests')
    .columns(['source', 'requested_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_code_requests').execute();
  await db.schema.dropTable('sign_in_codes').execute();
}

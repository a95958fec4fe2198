/**
 * The inbox's search by enterprise name or credit code (any part of either) through a trigram index, the
 * tasks of the enterprises found by due time, and the inbox sorted by creation time.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  // Name and credit code lower-cased in one column (a unit separator between them): one trigram index, and
  // a plain LIKE where ILIKE on Chinese text costs a case fold per character of every row. Enterprises are
  // added one registration at a time, so the index takes them at once (no pending list to scan on a search).
  await sql`alter table enterprises add column search_text text generated always as
    (lower(entity_name) || chr(31) || lower(coalesce(credit_code, ''))) stored`.execute(db);
  await sql`create index enterprises_search_trgm_idx on enterprises using gin (search_text gin_trgm_ops)
    with (fastupdate = off)`.execute(db);
  await db.schema
    .createIndex('tasks_enterprise_due_idx')
    .on('tasks')
    .columns(['enterprise_id', 'status', 'due_at', 'id'])
    .execute();
  await db.schema.createIndex('tasks_inbox_opened_idx').on('tasks').columns(['status', 'opened_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['tasks_inbox_opened_idx', 'tasks_enterprise_due_idx', 'enterprises_search_trgm_idx'])
    await db.schema.dropIndex(index).execute();
  await db.schema.alterTable('enterprises').dropColumn('search_text').execute();
}

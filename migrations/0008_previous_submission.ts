/** The registration snapshot of the round before the current one, so a reviewer sees what a resubmission changed. */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enterprise_profiles').addColumn('previous_submitted', 'jsonb').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('enterprise_profiles').dropColumn('previous_submitted').execute();
}

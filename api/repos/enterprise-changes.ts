/** Change requests of enterprise information (变更). Functions take `db` or a transaction. */
import type { ChangeInput } from '../../contracts/enterprise-change';
import type { Db } from '../../platform/db';
import type { ChangeRequestRow } from '../../platform/db/schema';

/** The enterprise's latest change request, if any. */
export async function latestChange(db: Db, enterpriseId: string): Promise<ChangeRequestRow | undefined> {
  return db
    .selectFrom('enterprise_changes')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A change request by its process ID. */
export async function findChange(db: Db, id: string): Promise<ChangeRequestRow | undefined> {
  return db.selectFrom('enterprise_changes').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records a new change request as in review; false when another request of the enterprise came first
 * (the same number, or one still open).
 */
export async function claimChange(
  db: Db,
  c: {
    id: string;
    input: ChangeInput;
    base: unknown;
    submitted: unknown;
    createdBy: string;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('enterprise_changes')
    .values({
      id: c.id,
      enterprise_id: c.input.enterpriseId,
      seq: c.input.seq,
      status: 'in_review',
      base: JSON.stringify(c.base),
      submitted: JSON.stringify(c.submitted),
      changed_fields: JSON.stringify(c.input.changedFields),
      workflow_input: JSON.stringify(c.input),
      created_by: c.createdBy,
    })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Records what a resubmission after a return submits. */
export async function recordChangeResubmission(
  db: Db,
  id: string,
  r: { submitted: unknown; changedFields: string[] },
): Promise<void> {
  await db
    .updateTable('enterprise_changes')
    .set({
      submitted: JSON.stringify(r.submitted),
      changed_fields: JSON.stringify(r.changedFields),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
}

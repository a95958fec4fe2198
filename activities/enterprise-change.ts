/** Activities of the change of enterprise information: the request's review status, and applying an approved change. */
import { CHANGE_FILES, type ChangeStatus, type ChangeSubmission } from '../contracts/enterprise-change';
import { entityNameKey } from '../domain/validators';
import type { Db } from '../platform/db';

const CLOSED: ReadonlySet<ChangeStatus> = new Set(['approved', 'rejected', 'withdrawn']);

/** Builds the change activities. */
export function createChangeActivities({ db }: { db: Db }) {
  return {
    /**
     * Records the review status on the change request; once it is closed, the evidence files being
     * prepared are retired (the snapshot keeps them) so the next request starts with none.
     */
    async recordChangeStatus(r: {
      changeId: string;
      status: ChangeStatus;
      round: number;
      editableFields: string[] | null;
      reason: string | null;
    }): Promise<void> {
      const closed = CLOSED.has(r.status);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('enterprise_changes')
          .set({
            status: r.status,
            round: r.round,
            editable_fields: r.editableFields ? JSON.stringify(r.editableFields) : null,
            reason: r.reason,
            updated_at: new Date(),
            ...(closed ? { decided_at: new Date() } : {}),
          })
          .where('id', '=', r.changeId)
          .returning('enterprise_id')
          .executeTakeFirstOrThrow();
        if (closed)
          await trx
            .updateTable('attachments')
            .set({ status: 'replaced', retired_at: new Date() })
            .where('enterprise_id', '=', row.enterprise_id)
            .where('owner', '=', CHANGE_FILES)
            .where('status', '=', 'current')
            .execute();
      });
    },

    /**
     * Makes the submitted profile the enterprise's approved record: its name (and the name key that keeps
     * names unique), credit code, and the approved profile, whose business licence is the new scan when one
     * was submitted. Refuses (without retrying) a name or credit code another enterprise now holds.
     */
    async applyEnterpriseChange(r: { changeId: string }): Promise<{ ok: true } | { ok: false; reason: string }> {
      return db.transaction().execute(async (trx) => {
        const change = await trx
          .selectFrom('enterprise_changes')
          .select(['enterprise_id', 'submitted', 'base'])
          .where('id', '=', r.changeId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const submitted = change.submitted as unknown as ChangeSubmission;
        const base = change.base as unknown as { attachments?: { kind: string }[] };
        const name = submitted.profile.enterprise!.name!;
        const creditCode = submitted.profile.enterprise!.creditCode!;
        const codeHolder = await trx
          .selectFrom('enterprises')
          .select('id')
          .where('credit_code', '=', creditCode)
          .where('status', '=', 'active')
          .where('id', '<>', change.enterprise_id)
          .executeTakeFirst();
        if (codeHolder)
          return {
            ok: false as const,
            reason: '该统一社会信用代码已被其他已激活企业使用 The credit code belongs to another active enterprise',
          };
        const nameHolder = await trx
          .selectFrom('enterprises')
          .select('id')
          .where('name_key', '=', entityNameKey(name))
          .where('id', '<>', change.enterprise_id)
          .executeTakeFirst();
        if (nameHolder)
          return { ok: false as const, reason: '该企业名称已被其他企业注册 The name belongs to another enterprise' };
        const newKinds = new Set(submitted.attachments.filter((f) => f.kind !== 'other').map((f) => f.kind));
        const attachments = [
          ...(base.attachments ?? []).filter((f) => !newKinds.has(f.kind)),
          ...submitted.attachments.filter((f) => f.kind !== 'other'),
        ];
        await trx
          .updateTable('enterprises')
          .set({
            entity_name: name,
            name_key: entityNameKey(name),
            credit_code: creditCode,
            approved_profile: JSON.stringify({
              ...base,
              profile: submitted.profile,
              attachments,
              changeId: r.changeId,
            }),
            approved_by_process: r.changeId,
          })
          .where('id', '=', change.enterprise_id)
          .execute();
        return { ok: true as const };
      });
    },
  };
}

/** The change activities, as the workflow proxies them. */
export type ChangeActivities = ReturnType<typeof createChangeActivities>;

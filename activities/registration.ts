/** Activities of the registration process: the profile's review status, activation, telling the applicant. */
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { RegistrationStatus } from '../contracts/registration';
import type { Db } from '../platform/db';
import type { Notifier } from '../integrations/notifications/notifier';

/** Builds the registration activities. */
export function createRegistrationActivities({ db, notifier }: { db: Db; notifier: Notifier }) {
  return {
    /** Records the review status on the enterprise's profile (only for the profile's current process). */
    async recordRegistrationStatus(r: {
      enterpriseId: string;
      processId: string;
      status: RegistrationStatus;
      round: number;
      editableFields: string[] | null;
    }): Promise<void> {
      await db
        .updateTable('enterprise_profiles')
        .set({
          status: r.status,
          round: r.round,
          editable_fields: r.editableFields ? JSON.stringify(r.editableFields) : null,
          updated_at: new Date(),
        })
        .where('enterprise_id', '=', r.enterpriseId)
        .where('process_id', '=', r.processId)
        .execute();
    },

    /**
     * Makes the enterprise active with its submitted profile as the approved record. Refuses (without
     * retrying) when another active enterprise holds the same credit code.
     */
    async activateEnterprise(r: {
      enterpriseId: string;
      processId: string;
    }): Promise<{ ok: true } | { ok: false; reason: string }> {
      return db.transaction().execute(async (trx) => {
        const profile = await trx
          .selectFrom('enterprise_profiles')
          .select(['submitted'])
          .where('enterprise_id', '=', r.enterpriseId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const submitted = (profile.submitted ?? {}) as { profile?: { enterprise?: { creditCode?: string } } };
        const creditCode = submitted.profile?.enterprise?.creditCode;
        if (!creditCode)
          throw ApplicationFailure.nonRetryable(`enterprise ${r.enterpriseId} has no submitted credit code`);
        const holder = await trx
          .selectFrom('enterprises')
          .select('id')
          .where('credit_code', '=', creditCode)
          .where('status', '=', 'active')
          .where('id', '<>', r.enterpriseId)
          .executeTakeFirst();
        if (holder)
          return {
            ok: false as const,
            reason: '该统一社会信用代码已被其他已激活企业使用 The credit code belongs to another active enterprise',
          };
        await trx
          .updateTable('enterprises')
          .set({
            status: 'active',
            credit_code: creditCode,
            approved_profile: JSON.stringify(submitted),
            approved_by_process: r.processId,
            activated_at: sql`coalesce(activated_at, now())`,
          })
          .where('id', '=', r.enterpriseId)
          .execute();
        return { ok: true as const };
      });
    },

    /**
     * Sends a message to the enterprise's account holders and its contact — of the approved record, else of
     * the submitted profile (once per key and address).
     */
    async notifyApplicant(n: {
      enterpriseId: string;
      key: string;
      template: string;
      params: Record<string, string>;
    }): Promise<void> {
      const users = await db
        .selectFrom('users')
        .select(['mobile', 'email'])
        .where('enterprise_id', '=', n.enterpriseId)
        .where('kind', '=', 'applicant')
        .execute();
      const profile = await db
        .selectFrom('enterprise_profiles')
        .innerJoin('enterprises', 'enterprises.id', 'enterprise_profiles.enterprise_id')
        .select(['enterprise_profiles.submitted', 'enterprises.approved_profile'])
        .where('enterprise_profiles.enterprise_id', '=', n.enterpriseId)
        .executeTakeFirst();
      // The approved record's contact once there is one (a change of information may have replaced it).
      type WithContact = { profile?: { contact?: { mobile?: string; email?: string } } };
      const contact = ((profile?.approved_profile ?? profile?.submitted ?? {}) as WithContact).profile?.contact;
      const mobiles = new Set([...users.map((u) => u.mobile), contact?.mobile].filter((v): v is string => !!v));
      const emails = new Set([...users.map((u) => u.email), contact?.email].filter((v): v is string => !!v));
      for (const to of mobiles)
        await notifier.send({ key: `${n.key}:sms:${to}`, channel: 'sms', to, template: n.template, params: n.params });
      for (const to of emails)
        await notifier.send({
          key: `${n.key}:email:${to}`,
          channel: 'email',
          to,
          template: n.template,
          params: n.params,
        });
    },
  };
}

/** The registration activities, as the workflow proxies them. */
export type RegistrationActivities = ReturnType<typeof createRegistrationActivities>;

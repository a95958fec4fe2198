/** Activities of the registration process: the profile's review status, activation, telling the applicant. */
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { RegistrationStatus } from '../contracts/registration';
import type { Db } from '../platform/db';
import type { Notifier } from '../integrations/notifications/notifier';
import { addTemplates } from '../integrations/notifications/templates';

addTemplates({
  'registration.returned': (p) => ({
    sms: `您的企业注册资料已被退回补正：${p.reason}。需补正：${p.fields}。请登录系统修改后重新提交。`,
    subject: '企业注册资料退回补正 / Registration returned for correction',
    email: `您的企业注册资料已被退回补正。\n意见：${p.reason}\n需补正的内容：${p.fields}\n请登录系统修改后重新提交。\n\nYour registration was returned for correction.\nReason: ${p.reason}\nTo correct: ${p.fields}\nPlease sign in, correct and resubmit.`,
  }),
  'registration.approved': () => ({
    sms: '您的企业注册已审核通过，账号已激活，可办理 CA 数字证书业务。',
    subject: '企业注册审核通过 / Registration approved',
    email:
      '您的企业注册已审核通过，企业账号已激活，可以申领 CA 数字证书。\n\nYour enterprise registration is approved and the enterprise is active; you may now order a CA certificate.',
  }),
  'registration.rejected': (p) => ({
    sms: `您的企业注册未通过审核：${p.reason}。如有疑问请致电 0579-88894332。`,
    subject: '企业注册未通过 / Registration rejected',
    email: `您的企业注册未通过审核。\n原因：${p.reason}\n您可以修改资料后重新提交。如有疑问请致电 0579-88894332。\n\nYour registration was rejected.\nReason: ${p.reason}\nYou may correct the profile and submit again.`,
  }),
  'registration.withdrawn': (p) => ({
    sms: `您的企业注册申请已撤回（${p.reason}）。`,
    subject: '企业注册申请已撤回 / Registration withdrawn',
    email: `您的企业注册申请已撤回：${p.reason}\n\nYour registration application was withdrawn: ${p.reason}`,
  }),
});

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

    /** Sends a message to the enterprise's account holders and its profile contact (once per key and address). */
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
        .select('submitted')
        .where('enterprise_id', '=', n.enterpriseId)
        .executeTakeFirst();
      const contact = ((profile?.submitted ?? {}) as { profile?: { contact?: { mobile?: string; email?: string } } })
        .profile?.contact;
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

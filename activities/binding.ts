/** Activities of CA-lock bindings and certificate lifetimes: decisions applied, expiry reminders, expiry, revocation. */
import { sql } from 'kysely';
import type { RevocationReason } from '../contracts/certificate-lifecycle';
import type { Db } from '../platform/db';
import type { Notifier } from '../integrations/notifications/notifier';

/** Builds the binding and lifecycle activities. */
export function createBindingActivities({
  db,
  notifier,
  publicUrl,
}: {
  db: Db;
  notifier: Notifier;
  publicUrl: string;
}) {
  return {
    /** Applies a binding decision: approved additions bind, approved removals unbind, refused rows keep their reason. */
    async applyBindingDecision(r: {
      enterpriseId: string;
      processId: string;
      approved: string[];
      rejected: Record<string, string>;
    }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        for (const id of r.approved) {
          const row = await trx
            .selectFrom('ca_bindings')
            .selectAll()
            .where('id', '=', id)
            .where('enterprise_id', '=', r.enterpriseId)
            .forUpdate()
            .executeTakeFirst();
          if (!row || row.review_status !== 'pending') continue;
          if (row.change === 'add') {
            const cert = await trx
              .selectFrom('certificates')
              .select(['status', 'lifecycle'])
              .where('serial_hex', '=', row.certificate_serial)
              .executeTakeFirstOrThrow();
            const usable = cert.status === 'installed' && (cert.lifecycle === 'valid' || cert.lifecycle === 'expiring');
            await trx
              .updateTable('ca_bindings')
              .set(
                usable
                  ? { review_status: 'approved', active: true, decided_at: new Date() }
                  : {
                      review_status: 'rejected',
                      reason: '证书已失效 The certificate is no longer valid',
                      decided_at: new Date(),
                    },
              )
              .where('id', '=', id)
              .execute();
          } else {
            await trx
              .updateTable('ca_bindings')
              .set({ active: false, ended_at: new Date() })
              .where('id', '=', row.removes_id!)
              .execute();
            await trx
              .updateTable('ca_bindings')
              .set({ review_status: 'approved', decided_at: new Date() })
              .where('id', '=', id)
              .execute();
          }
        }
        for (const [id, reason] of Object.entries(r.rejected)) {
          await trx
            .updateTable('ca_bindings')
            .set({ review_status: 'rejected', reason, decided_at: new Date() })
            .where('id', '=', id)
            .where('review_status', '=', 'pending')
            .execute();
        }
      });
    },

    /** Reminds the handler and the enterprise contact that a certificate expires soon; marks it expiring. */
    async remindExpiry(r: { serialHex: string; daysLeft: number; notAfter: string }): Promise<void> {
      const cert = await db
        .selectFrom('certificates')
        .innerJoin('ca_orders', 'ca_orders.id', 'certificates.order_id')
        .innerJoin('enterprises', 'enterprises.id', 'certificates.enterprise_id')
        .select([
          'certificates.token_serial',
          'certificates.status',
          'ca_orders.registration',
          'enterprises.approved_profile',
        ])
        .where('certificates.serial_hex', '=', r.serialHex)
        .executeTakeFirstOrThrow();
      if (cert.status === 'revoked') return;
      await db
        .updateTable('certificates')
        .set({ lifecycle: 'expiring' })
        .where('serial_hex', '=', r.serialHex)
        .where('lifecycle', '=', 'valid')
        .execute();
      const handler = (cert.registration as { handler?: { mobile?: string; email?: string } }).handler ?? {};
      const contact =
        ((cert.approved_profile ?? {}) as { profile?: { contact?: { mobile?: string; email?: string } } }).profile
          ?.contact ?? {};
      const params = {
        tokenSerial: cert.token_serial,
        serialHex: r.serialHex,
        notAfter: r.notAfter.slice(0, 10),
        daysLeft: String(r.daysLeft),
        // (the portal's renewal of this certificate: 我的证书 → 续期)
        renewUrl: `${publicUrl}/console/portal/certificates/${r.serialHex}/renew`,
      };
      const key = `expiry:${r.serialHex}:${r.daysLeft}`;
      for (const to of new Set([handler.mobile, contact.mobile].filter((v): v is string => !!v))) {
        await notifier.send({ key: `${key}:sms:${to}`, channel: 'sms', to, template: 'certificate.expiring', params });
      }
      for (const to of new Set([handler.email, contact.email].filter((v): v is string => !!v))) {
        await notifier.send({
          key: `${key}:email:${to}`,
          channel: 'email',
          to,
          template: 'certificate.expiring',
          params,
        });
      }
    },

    /** At not-after: the certificate is expired and its binding no longer in force. */
    async markExpired(r: { serialHex: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('certificates')
          .set({ status: 'expired', lifecycle: 'expired' })
          .where('serial_hex', '=', r.serialHex)
          .where('status', '<>', 'revoked')
          .execute();
        await trx
          .updateTable('ca_bindings')
          .set({ active: false, ended_at: sql`coalesce(ended_at, now())` })
          .where('certificate_serial', '=', r.serialHex)
          .where('active', '=', true)
          .execute();
      });
    },

    /** Revokes a certificate: recorded for the CRL, its binding deactivated at once. */
    async revokeCertificate(r: {
      serialHex: string;
      reason: RevocationReason;
      actorId: string;
      note: string | null;
    }): Promise<{ revokedAt: string }> {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('certificates')
          .set({
            status: 'revoked',
            lifecycle: 'revoked',
            revoked_at: sql`coalesce(revoked_at, now())`,
            revocation_reason: r.reason,
          })
          .where('serial_hex', '=', r.serialHex)
          .returning('revoked_at')
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('ca_bindings')
          .set({ active: false, ended_at: sql`coalesce(ended_at, now())` })
          .where('certificate_serial', '=', r.serialHex)
          .where('active', '=', true)
          .execute();
        return { revokedAt: row.revoked_at!.toISOString() };
      });
    },
  };
}

/** The binding and lifecycle activities, as workflows proxy them. */
export type BindingActivities = ReturnType<typeof createBindingActivities>;

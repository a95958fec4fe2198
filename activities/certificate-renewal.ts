/**
 * Activities of a certificate renewal (续期) on the main worker: the materials review skipped when the
 * enterprise record is unchanged, and the CA-lock binding following its UKey to the renewed certificate.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../platform/db';

/** Why a binding ended: it followed its UKey to the renewed certificate. */
const FOLLOWED = '随 UKey 续期转至新证书 Followed its UKey to the renewed certificate';

/** Builds the renewal activities. */
export function createRenewalActivities({ db }: { db: Db }) {
  return {
    /** Records that a renewal's materials review is skipped: the enterprise record is unchanged since issue. */
    async skipMaterialsReview(r: { orderId: string }): Promise<void> {
      await db
        .updateTable('ca_orders')
        .set({ review_skipped_at: new Date() })
        .where('id', '=', r.orderId)
        .where('review_skipped_at', 'is', null)
        .execute();
    },

    /** The binding in force on a certificate, or the one that already followed it to `toSerial`; null: none. */
    async bindingOfRenewal(r: { fromSerial: string; toSerial: string }): Promise<string | null> {
      const row = await db
        .selectFrom('ca_bindings')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('certificate_serial', '=', r.fromSerial), eb('active', '=', true)]),
            eb.and([eb('certificate_serial', '=', r.toSerial), eb('followed_from', 'is not', null)]),
          ]),
        )
        .executeTakeFirst();
      return row?.id ?? null;
    },

    /**
     * The CA-lock binding follows its UKey to the renewed certificate without a new approval: the binding in
     * force ends and one for the new certificate, approved, takes its place (once, however often it runs).
     */
    async followBinding(r: { fromSerial: string; toSerial: string; orderId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const old = await trx
          .selectFrom('ca_bindings')
          .selectAll()
          .where('certificate_serial', '=', r.fromSerial)
          .where('active', '=', true)
          .forUpdate()
          .executeTakeFirst();
        if (!old) return;
        const cert = await trx
          .selectFrom('certificates')
          .select(['subject_dn', 'not_after'])
          .where('serial_hex', '=', r.toSerial)
          .executeTakeFirstOrThrow();
        const order = await trx
          .selectFrom('ca_orders')
          .select(['created_by', 'process_id'])
          .where('id', '=', r.orderId)
          .executeTakeFirstOrThrow();
        await trx
          .updateTable('ca_bindings')
          .set({ active: false, ended_at: new Date(), reason: FOLLOWED })
          .where('id', '=', old.id)
          .execute();
        await trx
          .insertInto('ca_bindings')
          .values({
            id: randomUUID(),
            enterprise_id: old.enterprise_id,
            token_serial: old.token_serial,
            certificate_serial: r.toSerial,
            subject_dn: cert.subject_dn,
            not_after: cert.not_after,
            change: 'add',
            review_status: 'approved',
            active: true,
            process_id: order.process_id,
            created_by: order.created_by,
            decided_at: new Date(),
            followed_from: old.id,
          })
          .execute();
      });
    },
  };
}

/** The renewal activities, as the workflow proxies them. */
export type RenewalActivities = ReturnType<typeof createRenewalActivities>;

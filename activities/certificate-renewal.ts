/**
 * Activities of a certificate renewal (续期) on the main worker: the materials review skipped when the
 * enterprise record is unchanged, and the CA-lock binding following its UKey to the renewed certificate.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../platform/db';

/** Why a binding ended: it followed its UKey to the renewed certificate. */
const FOLLOWED = '随 UKey 续期转至新证书 Followed its UKey to the renewed certificate';

/**
 * The approved binding of a certificate that no approved removal ended: in force, or ended only by the
 * certificate's expiry (a renewal within the grace period brings it back). Locked for update if asked.
 */
async function boundTo(db: Db, serial: string, lock = false) {
  let q = db
    .selectFrom('ca_bindings as b')
    .selectAll('b')
    .where('b.certificate_serial', '=', serial)
    .where('b.change', '=', 'add')
    .where('b.review_status', '=', 'approved')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('ca_bindings as r')
            .select('r.id')
            .whereRef('r.removes_id', '=', 'b.id')
            .where('r.review_status', '=', 'approved'),
        ),
      ),
    )
    .orderBy('b.created_at', 'desc');
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

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

    /**
     * The binding a renewal moves: the certificate's approved binding that no approved removal ended (in
     * force, or ended by the certificate's expiry within the grace period), or the one already moved; null: none.
     */
    async bindingOfRenewal(r: { fromSerial: string; toSerial: string }): Promise<string | null> {
      const followed = await db
        .selectFrom('ca_bindings')
        .select('id')
        .where('certificate_serial', '=', r.toSerial)
        .where('followed_from', 'is not', null)
        .executeTakeFirst();
      return followed?.id ?? (await boundTo(db, r.fromSerial))?.id ?? null;
    },

    /**
     * The CA-lock binding follows its UKey to the renewed certificate without a new approval: the old one
     * ends (if still in force) and one for the new certificate, approved, takes its place (once, however
     * often it runs).
     */
    async followBinding(r: { fromSerial: string; toSerial: string; orderId: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const old = await boundTo(trx, r.fromSerial, true);
        if (!old) return;
        const moved = await trx
          .selectFrom('ca_bindings')
          .select('id')
          .where('followed_from', '=', old.id)
          .executeTakeFirst();
        if (moved) return;
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
          .set({ active: false, ended_at: sql`coalesce(ended_at, now())`, reason: FOLLOWED })
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

/**
 * Activities of the certificate order: the order's status in the database, bank-transfer settlement,
 * the authorisation code and initial PIN, UKeys that failed, and messages to the handler.
 */
import { Context } from '@temporalio/activity';
import { sql } from 'kysely';
import { MATERIAL_NAMES, type OrderStatus } from '../domain/certificate-order';
import type { Db } from '../platform/db';
import { authCodeHash, derivedCode } from '../platform/seal';
import type { SecretRef } from '../contracts/secrets';
import type { SecretStore } from '../platform/secret-store';
import { recordUKeyStep, voidCertificate, type UKeyItem } from './ukey-records';
import type { Notifier } from '../integrations/notifications/notifier';

/** A material kind where the workflow's list of refused documents (`handler_id：reason；…`) names one. */
const LISTED_MATERIAL = new RegExp(`(^|；)(${Object.keys(MATERIAL_NAMES).join('|')})：`, 'g');

/** The refused documents with each named as the applicant knows it (经办人身份证：reason；…). */
function namedDocuments(listed: string): string {
  return listed.replace(
    LISTED_MATERIAL,
    (_, before: string, kind: keyof typeof MATERIAL_NAMES) => `${before}${MATERIAL_NAMES[kind].zh}：`,
  );
}

/** Characters of authorisation codes (no 0/O, 1/I/L look-alikes). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Dependencies of the order activities. */
export interface OrderDeps {
  db: Db;
  notifier: Notifier;
  secrets: SecretStore;
  secretKey: Buffer;
  authCodeTtlMs: number;
  publicUrl: string;
}

/** How long the initial PIN stays retrievable for production. */
const PIN_TTL_MS = 180 * 86_400_000;

/** Builds the order activities. */
export function createOrderActivities(deps: OrderDeps) {
  const { db, notifier, secrets } = deps;

  /** Sends a message to the order's handler (经办人) and the enterprise's account holders. */
  async function notifyOrder(n: {
    orderId: string;
    key: string;
    template: string;
    params: Record<string, string>;
  }): Promise<void> {
    const order = await db
      .selectFrom('ca_orders')
      .select(['enterprise_id', 'registration'])
      .where('id', '=', n.orderId)
      .executeTakeFirstOrThrow();
    const handler = (order.registration as { handler?: { mobile?: string; email?: string } }).handler ?? {};
    const users = await db
      .selectFrom('users')
      .select(['mobile', 'email'])
      .where('enterprise_id', '=', order.enterprise_id)
      .where('kind', '=', 'applicant')
      .execute();
    const mobiles = new Set([handler.mobile, ...users.map((u) => u.mobile)].filter((v): v is string => !!v));
    const emails = new Set([handler.email, ...users.map((u) => u.email)].filter((v): v is string => !!v));
    const params =
      n.params.documents === undefined ? n.params : { ...n.params, documents: namedDocuments(n.params.documents) };
    for (const to of mobiles)
      await notifier.send({ key: `${n.key}:sms:${to}`, channel: 'sms', to, template: n.template, params });
    for (const to of emails)
      await notifier.send({ key: `${n.key}:email:${to}`, channel: 'email', to, template: n.template, params });
  }

  return {
    /**
     * Records the order's status and, once it is paid, when it was paid (kept from the first write). The
     * payment time comes with every write, because a status written after an await may already be past
     * `paid`. A write that carries no payment time dates a `paid` status at the time of writing.
     */
    async recordOrderStatus(r: { orderId: string; status: OrderStatus; paidAt?: string | null }): Promise<void> {
      const paidAt = r.paidAt ?? (r.status === 'paid' ? new Date().toISOString() : null);
      await db
        .updateTable('ca_orders')
        .set({
          status: r.status,
          updated_at: new Date(),
          ...(paidAt ? { paid_at: sql<Date>`coalesce(paid_at, ${paidAt}::timestamptz)` } : {}),
        })
        .where('id', '=', r.orderId)
        .execute();
    },

    /** Marks a reported bank transfer paid or refused (finance's decision). */
    async settleBankTransfer(r: { paymentId: string; paid: boolean; reason: string | null }): Promise<void> {
      await db
        .updateTable('payments')
        .set(r.paid ? { status: 'paid', paid_at: new Date(), reason: null } : { status: 'refused', reason: r.reason })
        .where('id', '=', r.paymentId)
        .where('status', '=', 'pending')
        .execute();
    },

    /**
     * Issues a 6-character authorisation code (and, the first time, a 6-digit initial PIN), keeps only
     * the code's keyed hash and the PIN sealed by reference, and sends them by SMS to the handler. The
     * SMS is the one place both appear in clear. The code is derived from the server key and this issue
     * (the workflow run and the activity's ID, the same for every retry of it) and the PIN from the key
     * and the order, so an attempt retried after a crash issues the same code and the notifier, keyed by
     * it, sends it once.
     */
    async issueAuthCode(r: {
      orderId: string;
      reissue: boolean;
    }): Promise<{ expiresAt: string; initialPin: SecretRef }> {
      const order = await db.selectFrom('ca_orders').selectAll().where('id', '=', r.orderId).executeTakeFirstOrThrow();
      const { workflowExecution, activityId } = Context.current().info;
      const issue = `${r.orderId}:${workflowExecution?.runId ?? ''}:${activityId}`;
      const code = derivedCode(deps.secretKey, `auth-code:${issue}`, CODE_ALPHABET, 6);
      let pinRef: SecretRef | null = order.pin_ref ? { secretRef: order.pin_ref } : null;
      let pin = pinRef ? await secrets.read(pinRef, `order-pin:${r.orderId}`) : null;
      if (!pinRef || pin === null) {
        pin = derivedCode(deps.secretKey, `initial-pin:${r.orderId}`, '0123456789', 6);
        pinRef = await secrets.put(pin, `order-pin:${r.orderId}`, PIN_TTL_MS);
      }
      const expiresAt = new Date(Date.now() + deps.authCodeTtlMs);
      const hash = authCodeHash(deps.secretKey, r.orderId, code);
      await db
        .updateTable('ca_orders')
        .set({
          auth_code_hash: hash,
          auth_code_expires_at: expiresAt,
          auth_code_failures: 0,
          auth_code_locked_at: null,
          pin_ref: pinRef.secretRef,
          updated_at: new Date(),
        })
        .where('id', '=', r.orderId)
        .execute();
      const handler = (order.registration as { handler: { name: string; mobile: string } }).handler;
      const params = {
        handlerName: handler.name,
        authCode: code,
        pin,
        toolUrl: `${deps.publicUrl}/console/portal/station`,
        orderNo: order.order_no,
      };
      await notifier.send({
        key: `authcode:${r.orderId}:${hash.slice(0, 16)}:sms`,
        channel: 'sms',
        to: handler.mobile,
        template: 'order.auth_code',
        params,
      });
      const email = (order.registration as { handler: { email?: string } }).handler.email;
      if (email)
        await notifier.send({
          key: `authcode:${r.orderId}:${hash.slice(0, 16)}:email`,
          channel: 'email',
          to: email,
          template: 'order.auth_code',
          params,
        });
      return { expiresAt: expiresAt.toISOString(), initialPin: pinRef };
    },

    /**
     * Opens a refund of a payment the order did not need; a bank transfer it never settled is refused
     * with the reason. Idempotent per payment.
     */
    async openRefund(r: { refundId: string; orderId: string; paymentId: string; reason: string }): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const payment = await tx
          .selectFrom('payments')
          .select(['amount_fen'])
          .where('id', '=', r.paymentId)
          .executeTakeFirstOrThrow();
        await tx
          .updateTable('payments')
          .set({ status: 'refused', reason: r.reason })
          .where('id', '=', r.paymentId)
          .where('status', '=', 'pending')
          .execute();
        await tx
          .insertInto('order_refunds')
          .values({
            id: r.refundId,
            order_id: r.orderId,
            payment_id: r.paymentId,
            amount_fen: payment.amount_fen,
            reason: r.reason,
            status: 'open',
          })
          .onConflict((oc) => oc.column('payment_id').doNothing())
          .execute();
      });
    },

    /** Records finance's answer to a refund (or that the order closed it unanswered). */
    async settleRefund(r: {
      refundId: string;
      status: 'refunded' | 'not_received' | 'cancelled' | 'failed';
      comment: string | null;
      decidedBy: string | null;
    }): Promise<void> {
      await db
        .updateTable('order_refunds')
        .set({ status: r.status, comment: r.comment, decided_by: r.decidedBy, decided_at: new Date() })
        .where('id', '=', r.refundId)
        .where('status', '=', 'open')
        .execute();
    },

    /** Records a UKey that failed and voids its certificate if one was issued. */
    async closeFailedUKey(r: { item: UKeyItem; error: string }): Promise<void> {
      await voidCertificate(db, r.item.itemId);
      await recordUKeyStep(db, r.item, 'failed', r.error);
    },

    notifyOrder,

    /** Forgets the initial PIN once every UKey of the order is made. */
    async discardInitialPin(r: { orderId: string }): Promise<void> {
      const order = await db
        .selectFrom('ca_orders')
        .select('pin_ref')
        .where('id', '=', r.orderId)
        .executeTakeFirstOrThrow();
      if (order.pin_ref) await secrets.discard({ secretRef: order.pin_ref });
      await db.updateTable('ca_orders').set({ pin_ref: null }).where('id', '=', r.orderId).execute();
    },
  };
}

/** The order activities, as the workflow proxies them. */
export type OrderActivities = ReturnType<typeof createOrderActivities>;

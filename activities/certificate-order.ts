/**
 * Activities of the certificate order: the order's status in the database, bank-transfer settlement,
 * the authorisation code and initial PIN, UKeys that failed, and messages to the handler.
 */
import { randomInt } from 'node:crypto';
import { MATERIAL_NAMES, type OrderStatus } from '../domain/certificate-order';
import type { Db } from '../platform/db';
import { authCodeHash } from '../platform/seal';
import type { SecretRef } from '../contracts/secrets';
import type { SecretStore } from '../platform/secret-store';
import { recordUKeyStep, voidCertificate, type UKeyItem } from './ukey-records';
import type { Notifier } from '../integrations/notifications/notifier';
import { addTemplates } from '../integrations/notifications/templates';

addTemplates({
  // The guide's wording of the SMS that carries the authorisation code and the initial PIN.
  'order.auth_code': (p) => ({
    sms: `尊敬的${p.handlerName}，您申请购买的证书已经完成审核，制证授权码：${p.authCode}，ukey 初始 pin 码：${p.pin}，请在收到 ukey 后登录制证页面 ${p.toolUrl}，并自行完成 ukey 制作。如有问题，请联系统一客服热线 4000878198.感谢您的使用！`,
    subject: `订单 ${p.orderNo} 已审核通过 / Order approved`,
    email: `尊敬的${p.handlerName}：\n\n订单 ${p.orderNo} 的申请材料已审核通过。制证授权码与 UKey 初始 PIN 码已通过短信发送至您的手机，请妥善保管。\n收到 UKey 后请在 ${p.toolUrl} 完成制证。\n\nOrder ${p.orderNo} is approved. The authorisation code and the UKey's initial PIN were sent to your mobile by SMS.`,
  }),
  'order.materials_rejected': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 申请材料未通过审核：${p.documents || p.reason}。请更换材料后重新提交。`,
    subject: `订单 ${p.orderNo} 材料退回 / Materials refused`,
    email: `订单 ${p.orderNo} 的申请材料未通过审核。\n意见：${p.reason}\n${p.documents}\n请更换相应材料后重新提交。\n\nThe materials of order ${p.orderNo} were refused: ${p.reason}\n${p.documents}`,
  }),
  'order.transfer_refused': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 的银行汇款未能确认：${p.reason}。`,
    subject: `订单 ${p.orderNo} 汇款未确认 / Transfer not confirmed`,
    email: `订单 ${p.orderNo} 的银行汇款未能确认：${p.reason}\n\nThe bank transfer for order ${p.orderNo} was not confirmed: ${p.reason}`,
  }),
  'order.completed': (p) => ({
    sms: `您的证书订单 ${p.orderNo} 已完成，共制作 UKey ${p.quantity} 个。`,
    subject: `订单 ${p.orderNo} 已完成 / Order completed`,
    email: `订单 ${p.orderNo} 已完成，共制作 UKey ${p.quantity} 个。\n\nOrder ${p.orderNo} is complete: ${p.quantity} UKey(s) made.`,
  }),
});

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
    /** Records the order's status. */
    async recordOrderStatus(r: { orderId: string; status: OrderStatus }): Promise<void> {
      await db
        .updateTable('ca_orders')
        .set({ status: r.status, updated_at: new Date(), ...(r.status === 'paid' ? { paid_at: new Date() } : {}) })
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
     * Draws a 6-character authorisation code (and, the first time, a 6-digit initial PIN), keeps only
     * the code's keyed hash and the PIN sealed by reference, and sends them by SMS to the handler. The
     * SMS is the one place both appear in clear.
     */
    async issueAuthCode(r: {
      orderId: string;
      reissue: boolean;
    }): Promise<{ expiresAt: string; initialPin: SecretRef }> {
      const order = await db.selectFrom('ca_orders').selectAll().where('id', '=', r.orderId).executeTakeFirstOrThrow();
      const code = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
      let pinRef: SecretRef | null = order.pin_ref ? { secretRef: order.pin_ref } : null;
      let pin = pinRef ? await secrets.read(pinRef, `order-pin:${r.orderId}`) : null;
      if (!pinRef || pin === null) {
        pin = String(randomInt(1_000_000)).padStart(6, '0');
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
        toolUrl: `${deps.publicUrl}/api/v1/ca/production`,
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

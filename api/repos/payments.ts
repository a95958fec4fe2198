/** Payments of orders and the providers' notifications. Functions take `db` or a transaction. */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../platform/db';
import type { PaymentRow } from '../../platform/db/schema';

/** A new payment ID (Alipay's out_trade_no takes letters, digits and _ only). */
export function newPaymentId(): string {
  return randomUUID().replace(/-/g, '');
}

/** Records a pending payment. */
export async function insertPayment(
  db: Db,
  p: {
    id: string;
    orderId: string;
    method: PaymentRow['method'];
    provider: string | null;
    amountFen: number;
    slipAttachmentId?: string;
  },
): Promise<void> {
  await db
    .insertInto('payments')
    .values({
      id: p.id,
      order_id: p.orderId,
      method: p.method,
      provider: p.provider,
      amount_fen: p.amountFen,
      status: 'pending',
      ...(p.slipAttachmentId !== undefined ? { slip_attachment_id: p.slipAttachmentId } : {}),
    })
    .execute();
}

/** Removes a payment its order refused to take. */
export async function deletePayment(db: Db, id: string): Promise<void> {
  await db.deleteFrom('payments').where('id', '=', id).execute();
}

/** A payment by ID (of the given provider, if one is named). */
export async function findPayment(db: Db, id: string, provider?: string): Promise<PaymentRow | undefined> {
  let q = db.selectFrom('payments').selectAll().where('id', '=', id);
  if (provider !== undefined) q = q.where('provider', '=', provider);
  return q.executeTakeFirst();
}

/** An online payment by its ID (the provider's out_trade_no). */
export async function findOnlinePayment(db: Db, id: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('id', '=', id).where('method', '=', 'online').executeTakeFirst();
}

/** Marks a pending payment paid by the provider's trade (a paid one stays as it is). */
export async function markPaymentPaid(db: Db, id: string, tradeNo: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ status: 'paid', trade_no: tradeNo, paid_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}

/** What a provider's notification carried. */
export interface NotificationFacts {
  out_trade_no?: string | null;
  trade_no?: string | null;
  trade_status?: string | null;
  amount_fen?: number | null;
}

/** Logs a provider's notification with what became of it. */
export async function logPaymentNotification(
  db: Db,
  provider: string,
  outcome: string,
  facts: NotificationFacts = {},
): Promise<void> {
  await db
    .insertInto('payment_notifications')
    .values({ provider, outcome, ...facts })
    .execute();
}

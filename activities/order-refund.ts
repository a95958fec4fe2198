/** Giving an online payment back through the provider that took it (Alipay, WeChat Pay, the simulator). */
import { ApplicationFailure } from '@temporalio/common';
import type { Services } from '../integrations';
import type { PaymentGateway, RefundOutcome } from '../integrations/payments/ports';

/** Dependencies of the refund activities: the database and every provider a payment may have gone through. */
export type RefundDeps = Pick<Services, 'db' | 'payments' | 'wechatpay'>;

/** Builds the activities that give money back. */
export function createRefundActivities({ db, payments, wechatpay }: RefundDeps) {
  const gateways: Record<string, PaymentGateway | null> = { [payments.name]: payments, wechatpay };
  return {
    /**
     * Asks the payment's provider to give back the refund's amount (idempotent: the provider's refund
     * number is derived from the refund ID) and records the provider's refund ID and state on the refund.
     */
    async refundThroughProvider(r: { refundId: string }): Promise<RefundOutcome> {
      const row = await db
        .selectFrom('order_refunds as r')
        .innerJoin('payments as p', 'p.id', 'r.payment_id')
        .select(['r.amount_fen', 'r.reason', 'p.id as payment_id', 'p.provider', 'p.amount_fen as total_fen'])
        .where('r.id', '=', r.refundId)
        .executeTakeFirstOrThrow();
      const gateway = row.provider ? gateways[row.provider] : null;
      if (!gateway)
        throw ApplicationFailure.nonRetryable(`payment ${row.payment_id} was not taken by a provider this product has`);
      const outcome = await gateway.refund({
        refundId: r.refundId,
        paymentId: row.payment_id,
        amountFen: row.amount_fen,
        totalFen: row.total_fen,
        reason: row.reason,
      });
      await db
        .updateTable('order_refunds')
        .set({ provider_refund_id: outcome.providerRefundId, provider_status: outcome.providerStatus })
        .where('id', '=', r.refundId)
        .execute();
      return outcome;
    },
  };
}

/** The refund activities, as workflows proxy them. */
export type RefundActivities = ReturnType<typeof createRefundActivities>;

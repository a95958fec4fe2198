/**
 * A refund the order could not take itself: money that arrived online after the order was cancelled,
 * expired unpaid or closed. The refund is recorded on the order; finance answers a task; an online
 * payment is given back through its provider (Alipay, WeChat Pay) with a refund number derived from the
 * refund's ID, so a retried call refunds once.
 *
 * Live patch IDs: none.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { OrderActivities } from '../activities/certificate-order';
import type { RefundActivities } from '../activities/order-refund';
import type { OrderRefundInput, OrderRefundStatus } from '../contracts/order-refund';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY } from './activity-options';
import { Process } from './process';

const records = proxyActivities<Pick<OrderActivities, 'openRefund' | 'settleRefund'>>(RECORD_ACTIVITY);
const providers = proxyActivities<RefundActivities>(EFFECT_ACTIVITY);

/** Gives an online payment back through its provider: `refunded` when the provider took the refund, else `failed`. */
export async function refundThroughProvider(refundId: string): Promise<'refunded' | 'failed'> {
  const outcome = await providers.refundThroughProvider({ refundId });
  return outcome.accepted ? 'refunded' : 'failed';
}

/** Finance refunds one online payment the order did not take. */
export async function orderRefund(input: OrderRefundInput): Promise<OrderRefundStatus> {
  const { refundId, orderId, orderNo, paymentId, amountFen, reason } = input;
  const proc = new Process({
    processType: 'order-refund',
    title: `退款 · 订单 ${orderNo} Refund of order ${orderNo}`,
    enterpriseId: input.enterpriseId,
    status: 'open',
    step: '财务退款',
    commentRoles: ['finance'],
  });
  await proc.begin();
  await records.openRefund({ refundId, orderId, paymentId, reason });
  const d = await proc.ask({
    kind: 'order.refund',
    title: `退款 · 订单 ${orderNo} · ${amountFen} 分（订单取消后到账的在线支付）`,
    step: '财务退款',
    department: '财务',
    candidateRole: 'finance',
    outcomes: ['refunded'],
    dueInMs: input.reviewDueMs,
    escalateAfterMs: input.escalateAfterMs,
    escalationRole: input.escalationRole,
  });
  const status: OrderRefundStatus = d ? await refundThroughProvider(refundId) : 'cancelled';
  await records.settleRefund({
    refundId,
    status,
    comment: d?.comment ?? null,
    decidedBy: d?.actor.userId ?? null,
  });
  await proc.finish(status, {});
  return status;
}

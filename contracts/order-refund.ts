/**
 * Contract of a refund the order could not take itself: money that arrived (online) after the order was
 * cancelled, expired unpaid or closed. Finance refunds it through a task; an online payment is given back
 * through its provider.
 */
import type { Actor } from './tasks';

/** ID of the refund workflow of one payment (one refund per payment; not `order-…`, which names orders). */
export function orderRefundWorkflowId(paymentId: string): string {
  return `refund-${paymentId}`;
}

/** Input of the refund workflow. */
export interface OrderRefundInput {
  /** The refund's ID (its provider refund number is derived from it). */
  refundId: string;
  orderId: string;
  orderNo: string;
  enterpriseId: string;
  paymentId: string;
  amountFen: number;
  /** Why the order did not take the money (bilingual text). */
  reason: string;
  reviewDueMs: number;
  escalateAfterMs: number;
  escalationRole: Actor['roles'][number];
}

/** How a refund ended: given back, the provider refused it, or closed unanswered. */
export type OrderRefundStatus = 'refunded' | 'failed' | 'not_received' | 'cancelled';

/** The workflow's signature. */
export type OrderRefundWorkflow = (input: OrderRefundInput) => Promise<OrderRefundStatus>;

/**
 * Contract of the delivery step of a certificate order (物流信息, 我的签收): once every UKey is made, a CA
 * administrator dispatches them (carrier, tracking number) or sets them aside for pickup; the applicant
 * confirms receipt, or the order confirms it by itself after the configured days.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DeliveryMethod, DeliveryStatus, ReceiptConfirmedBy } from '../domain/delivery';
import type { Actor } from './tasks';

/** Kind of the CA administrator's dispatch task. */
export const DISPATCH_TASK = 'order.dispatch';

/** The delivery of an order's UKeys, as the workflow holds it and the database copies it. */
export interface DeliveryState {
  status: DeliveryStatus;
  method: DeliveryMethod | null;
  /** Carrier code (domain/delivery.ts CARRIERS); null for a pickup. */
  carrier: string | null;
  trackingNo: string | null;
  /** When the CA administrator dispatched them or set them aside for pickup. */
  dispatchedAt: string | null;
  /** When receipt is confirmed by itself if the applicant has not confirmed it. */
  autoConfirmAt: string | null;
  receivedAt: string | null;
  confirmedBy: ReceiptConfirmedBy | null;
}

/** 确认签收 — the applicant confirms the UKeys arrived. */
export const confirmReceiptUpdate = defineUpdate<DeliveryState, [{ actor: Actor }]>('confirmReceipt');
/** The delivery's state (registered once the UKeys are made). */
export const deliveryStateQuery = defineQuery<DeliveryState>('deliveryState');

/** The delivery of an order's UKeys (`/api/v1/ca/…`): 我的签收 and 确认签收. */
import { call } from './client';
import type { Submission } from './submission';
import type { Delivery, DeliveryRow } from './types';

/** 我的签收 — the enterprise's orders whose UKeys were dispatched or set aside for pickup. */
export const listDeliveries = (signal?: AbortSignal) =>
  call<{ items: DeliveryRow[] }>('GET', '/ca/deliveries', { signal });

/** 确认签收 — the UKeys of the order arrived. */
export const confirmReceipt = (orderId: string, submission: Submission) =>
  call<Delivery>('POST', `/ca/orders/${encodeURIComponent(orderId)}/receipt`, { submission });

/** What a decider reads beside a task: the submitted registration, the order with its materials. */
import { call } from './client';
import type { BindingChange, ChangeSubmission, OrderDetail, RegistrationSubmission } from './types';

/** A registration submission as reviewers see it. */
export const getRegistration = (processId: string, signal?: AbortSignal) =>
  call<RegistrationSubmission>('GET', `/registrations/${encodeURIComponent(processId)}`, { signal });

/** An order (vendor staff see every order). */
export const getOrder = (orderId: string, signal?: AbortSignal) =>
  call<OrderDetail>('GET', `/ca/orders/${encodeURIComponent(orderId)}`, { signal });

/** The changes a binding process reviews, each with its lock's certificate. */
export const getBindingChanges = (processId: string, signal?: AbortSignal) =>
  call<{ items: BindingChange[] }>('GET', `/processes/${encodeURIComponent(processId)}/binding-changes`, { signal });

/** 重发授权码 — a new authorisation code by SMS (also unlocks it). */
export const reissueAuthCode = (orderId: string) =>
  call<unknown>('POST', `/ca/orders/${encodeURIComponent(orderId)}/auth-code/reissue`);

/** The order behind an order process (`order-<orderId>`), or null for another process. */
export function orderIdOf(processId: string): string | null {
  return processId.startsWith('order-') ? processId.slice('order-'.length) : null;
}

/** A change of enterprise information as reviewers see it, beside the approved record. */
export const getEnterpriseChange = (processId: string, signal?: AbortSignal) =>
  call<ChangeSubmission>('GET', `/enterprise-changes/${encodeURIComponent(processId)}`, { signal });

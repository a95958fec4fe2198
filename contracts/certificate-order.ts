/**
 * Contract of Processes 2 and 3, one workflow per certificate order: payment (online or bank transfer),
 * materials and their review, the authorisation code, and the making of each UKey.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { OrderStatus } from '../domain/certificate-order';
import type { StationFailureReport } from './station';
import type { Actor } from './tasks';

/** Workflow type name. */
export const ORDER_WORKFLOW = 'certificateOrder';

/** Workflow ID of an order. */
export function orderWorkflowId(orderId: string): string {
  return `order-${orderId}`;
}

/** Timings fixed when the order is placed (from configuration). */
export interface OrderTimings {
  reviewDueMs: number;
  escalateAfterMs: number;
  escalationRole: Actor['roles'][number];
  /** An order still unpaid after this is cancelled. */
  paymentWindowMs: number;
  /** The authorisation code expires this long after it is sent. */
  authCodeTtlMs: number;
  /** Days before a certificate's expiry when its holders are reminded (orders placed before this existed: 30, 7, 1). */
  reminderDays?: number[];
  /** Receipt of dispatched UKeys is confirmed by itself this long after dispatch (orders placed before this existed: 7 days). */
  deliveryAutoConfirmMs?: number;
}

/** Input of the order workflow. */
export interface OrderInput {
  orderId: string;
  orderNo: string;
  enterpriseId: string;
  quantity: number;
  totalFen: number;
  validityYears: number;
  /** What the certificate's subject says. */
  subject: { organizationName: string; creditCode: string };
  timings: OrderTimings;
}

/** The step each status shows in the order's process record (业务步骤). */
export const ORDER_STEPS: Record<OrderStatus, string> = {
  unpaid: '待支付',
  paid: '已支付，待提交材料',
  in_review: '材料审核',
  rejected: '材料退回，待补正',
  approved: '待制证',
  in_production: '制证中',
  completed: '已完成',
  cancelled: '已取消',
};

/** The workflow's signature. */
export type OrderWorkflow = (input: OrderInput) => Promise<OrderStatus>;

/** Steps of making one UKey, as progress shows them. */
export type TokenStep = 'queued' | 'generating_key' | 'issuing_certificate' | 'writing_certificate' | 'done' | 'failed';

/** One UKey of the order. */
export interface TokenItem {
  itemId: string;
  stationId: string;
  tokenSerial: string;
  ukeyModel: string;
  /** CKA_ID of the key pair on the token (hex). */
  keyId: string;
  step: TokenStep;
  error: string | null;
  /** Why a failed UKey failed, typed (the API words its answer from it). */
  failure?: StationFailureReport | null;
  certificateSerial: string | null;
}

/** What the order workflow exposes. */
export interface OrderState {
  status: OrderStatus;
  paid: boolean;
  /** When the payment that paid the order was made (the first money confirmed). */
  paidAt: string | null;
  materialsSubmitted: boolean;
  reviewRound: number;
  /** Documents the reviewer refused in the last review, with the reasons. */
  rejectedDocuments: Record<string, string>;
  remaining: number;
  items: TokenItem[];
  authCodeExpiresAt: string | null;
  reason: string | null;
}

/** A payment the API verified (provider notification) — applied once per payment. */
export interface PaymentReceived {
  paymentId: string;
  method: 'online';
  provider: string;
  amountFen: number;
  paidAt: string;
}

/** A bank transfer reported with its remittance slip; finance confirms it against the amount. */
export interface BankTransferReported {
  paymentId: string;
  amountFen: number;
  slipAttachmentId: string;
  actor: Actor;
}

/** Ask for one UKey to be made (the API has verified the authorisation code). */
export interface MakeTokenInput {
  itemId: string;
  stationId: string;
  tokenSerial: string;
  ukeyModel: string;
  actor: Actor;
}

/** Record a verified online payment. */
export const paymentReceivedUpdate = defineUpdate<OrderState, [PaymentReceived]>('paymentReceived');
/** Report a bank transfer for finance to confirm. */
export const bankTransferUpdate = defineUpdate<OrderState, [BankTransferReported]>('bankTransfer');
/** Materials are complete: (re)submit them for review. */
export const submitMaterialsUpdate = defineUpdate<OrderState, [{ actor: Actor }]>('submitMaterials');
/** Cancel (delete) an order that is unpaid and unreviewed. */
export const cancelOrderUpdate = defineUpdate<OrderState, [{ actor: Actor; reason?: string }]>('cancelOrder');
/** Issue a new authorisation code (ca_admin). */
export const reissueAuthCodeUpdate = defineUpdate<OrderState, [{ actor: Actor }]>('reissueAuthCode');
/** A UKey as the `makeToken` Update answers it, with the count still to make. */
export type MadeToken = TokenItem & { remaining: number };

/** Make one UKey. */
export const makeTokenUpdate = defineUpdate<MadeToken, [MakeTokenInput]>('makeToken');
/** The order state. */
export const orderStateQuery = defineQuery<OrderState>('orderState');

/** Failure types of refused order Updates. */
export const OrderRejection = {
  NotOwner: 'NotTheOrderingEnterprise',
  WrongState: 'OrderWrongState',
  AmountMismatch: 'PaymentAmountMismatch',
  NothingRemaining: 'NoUKeysRemaining',
  TokenBusy: 'TokenAlreadyInProduction',
  /** A renewal asked on another UKey than the one it renews. */
  WrongToken: 'RenewalOnAnotherToken',
} as const;

/** The payment port: how the product takes an online payment, and the Alipay-style notification every provider speaks. */
import { yuanToFen } from './money';

/** The states of a trade a notification may report. */
export const TRADE_STATUSES = ['TRADE_SUCCESS', 'TRADE_FINISHED', 'WAIT_BUYER_PAY', 'TRADE_CLOSED'] as const;

/** A trade state (`TRADE_SUCCESS` and `TRADE_FINISHED` mean paid). */
export type TradeStatus = (typeof TRADE_STATUSES)[number];

/** What a provider's notification says, once its signature and app were checked. */
export type PaymentNotice =
  | { valid: false; reason: string }
  | { valid: true; outTradeNo: string; tradeNo: string; amountFen: number; status: TradeStatus; paidAt: string | null };

/** A payment to start: `paymentId` is the merchant's trade number (`out_trade_no`). */
export interface PaymentRequest {
  paymentId: string;
  orderNo: string;
  subject: string;
  amountFen: number;
  notifyUrl: string;
  returnUrl: string;
}

/** A payment to give back, whole or in part: `refundId` makes the provider's refund number, so asking again is harmless. */
export interface RefundRequest {
  refundId: string;
  /** The merchant's trade number of the payment (`out_trade_no`). */
  paymentId: string;
  amountFen: number;
  /** What the payment was. */
  totalFen: number;
  reason: string;
}

/** The provider's answer to a refund: accepted (done or under way) or refused, with its own number. */
export interface RefundOutcome {
  accepted: boolean;
  /** The provider's refund ID, when it took the refund. */
  providerRefundId: string | null;
  /** The provider's word for the refund's state (`SUCCESS`, `PROCESSING`, … or the refusal's code). */
  providerStatus: string;
}

/** The provider's refund number for a refund (`out_refund_no`, `out_request_no`): the same for every attempt. */
export function outRefundNo(refundId: string): string {
  return `RF${refundId.replace(/-/g, '')}`;
}

/** Takes online payments through a provider and gives them back. */
export interface PaymentGateway {
  readonly name: string;
  /** Starts a payment; the payer is sent to `payUrl` (or scans `codeUrl`, WeChat Pay's Native QR code). */
  createPayment(p: PaymentRequest): Promise<{ payUrl: string; codeUrl?: string }>;
  /** Gives back a payment; idempotent per `refundId`. Throws when the provider cannot be reached. */
  refund(r: RefundRequest): Promise<RefundOutcome>;
}

/** A provider whose notifications are form parameters with the Alipay RSA2 signature. */
export interface PaymentProvider extends PaymentGateway {
  /** Checks a notification's signature and app, and reads it. */
  verifyNotification(params: Record<string, string>): PaymentNotice;
}

/** Reads a notification whose signature the provider has checked: it must be for `appId` and complete. */
export function readNotification(params: Record<string, string>, appId: string): PaymentNotice {
  if (params.app_id !== appId) return { valid: false, reason: 'wrong_app_id' };
  const {
    out_trade_no: outTradeNo,
    trade_no: tradeNo,
    trade_status: status,
    total_amount: amount,
    gmt_payment: paid,
  } = params;
  if (!outTradeNo || !tradeNo) return { valid: false, reason: 'missing_trade_number' };
  if (!TRADE_STATUSES.includes(status as TradeStatus)) return { valid: false, reason: 'unknown_trade_status' };
  let amountFen: number;
  try {
    amountFen = yuanToFen(amount ?? '');
  } catch {
    return { valid: false, reason: 'bad_total_amount' };
  }
  const paidAt = paid ? parseAlipayTime(paid) : null;
  if (paid && !paidAt) return { valid: false, reason: 'bad_gmt_payment' };
  return { valid: true, outTradeNo, tradeNo, amountFen, status: status as TradeStatus, paidAt };
}

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** A time as Alipay writes it: `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8). */
export function alipayTime(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** An Alipay time as a UTC ISO string, or null if it is not one. */
export function parseAlipayTime(text: string): string | null {
  const at = new Date(`${text.replace(' ', 'T')}+08:00`);
  return !Number.isNaN(at.getTime()) && alipayTime(at) === text ? at.toISOString() : null;
}

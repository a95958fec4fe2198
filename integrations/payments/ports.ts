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

/** Takes online payments through a provider. */
export interface PaymentProvider {
  readonly name: string;
  /** Starts a payment; the payer is sent to `payUrl`. */
  createPayment(p: PaymentRequest): Promise<{ payUrl: string }>;
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

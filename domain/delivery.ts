/**
 * Delivery of an order's UKeys (物流信息, 我的签收): the carriers a CA administrator dispatches with, the
 * format of each carrier's tracking number (运单号), and the delivery's statuses. Pure data and checks.
 */
import { msg, type Bilingual } from './text';

/** A carrier the UKeys are sent with, and the shape of its tracking numbers. */
export interface Carrier {
  code: string;
  label: Bilingual;
  /** The whole tracking number, as a regular expression's source. */
  pattern: string;
  /** What a tracking number of this carrier looks like. */
  hint: Bilingual;
}

/** 快递公司 — the carriers offered when dispatching, SF Express first (the order form's courier). */
export const CARRIERS: readonly Carrier[] = [
  {
    code: 'sf_express',
    label: msg('顺丰速运', 'SF Express'),
    pattern: '^(SF\\d{13}|\\d{12})$',
    hint: msg('SF 加 13 位数字，或 12 位数字', 'SF and 13 digits, or 12 digits'),
  },
  {
    code: 'ems',
    label: msg('中国邮政 EMS', 'China Post EMS'),
    pattern: '^(\\d{13}|E[A-Z]\\d{9}CN)$',
    hint: msg('13 位数字，或如 EA123456789CN', '13 digits, or like EA123456789CN'),
  },
  {
    code: 'jd_logistics',
    label: msg('京东快递', 'JD Logistics'),
    pattern: '^JD[A-Z0-9]{13}$',
    hint: msg('JD 加 13 位字母或数字', 'JD and 13 letters or digits'),
  },
  {
    code: 'zto',
    label: msg('中通快递', 'ZTO Express'),
    pattern: '^\\d{12,15}$',
    hint: msg('12–15 位数字', '12–15 digits'),
  },
  {
    code: 'yto',
    label: msg('圆通速递', 'YTO Express'),
    pattern: '^YT\\d{13,15}$',
    hint: msg('YT 加 13–15 位数字', 'YT and 13–15 digits'),
  },
];

/** Each carrier's label, by code. */
export const CARRIER_LABELS: Record<string, Bilingual> = Object.fromEntries(CARRIERS.map((c) => [c.code, c.label]));

/** How the UKeys reach the enterprise: sent by a carrier, or collected at the CA's desk (自取). */
export type DeliveryMethod = 'courier' | 'pickup';

/** Statuses of a delivery: 待发货, 已发货, 待自取, 已签收. */
export const DELIVERY_STATUSES = ['awaiting_dispatch', 'dispatched', 'awaiting_pickup', 'received'] as const;
/** Status of a delivery. */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Each status as a person reads it. */
export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, Bilingual> = {
  awaiting_dispatch: msg('待发货', 'Awaiting dispatch'),
  dispatched: msg('已发货', 'Dispatched'),
  awaiting_pickup: msg('待自取', 'Ready for pickup'),
  received: msg('已签收', 'Received'),
};

/** Who confirmed receipt: the applicant (我的签收), or the order by itself once the configured days passed. */
export type ReceiptConfirmedBy = 'applicant' | 'auto';

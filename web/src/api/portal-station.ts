/**
 * The applicant's token station and after (guide 三 and 四): 待制作证书, 制证 at a station, the CA-binding
 * table, the enterprise's certificates and a lost or broken UKey, and the reads "my case" is made of.
 */
import { call } from './client';
import type { Submission } from './submission';
import type {
  BindingChange,
  Certificate,
  LockBody,
  LockInfo,
  OrderDetail,
  Page,
  ProcessDetail,
  ReaderToken,
  RegistrationView,
  RenewalPlaced,
  RenewalPrefill,
  TokenStep,
} from './types';

/** A row of 待制作证书 (`GET /ca/production`). */
export interface ProductionItem {
  orderId: string;
  orderName: string;
  company: string;
  orderNo: string;
  orderedAt: string;
  unitPriceFen: number;
  quantity: number;
  remaining: number;
  serviceType: string;
}

/** A token station (`GET /stations`). */
export interface Station {
  id: string;
  name: string;
  lastSeenAt: string;
  online: boolean;
}

/** One UKey of an order, as 订单详情 lists it. */
export interface OrderToken {
  itemId: string;
  tokenSerial: string;
  stationId: string;
  ukeyModel: string;
  status: string;
  step: TokenStep;
  error: string | null;
  certificateSerial: string | null;
  completedAt: string | null;
}

/** An order with its UKeys (`GET /ca/orders/:id`). */
export type OrderWithTokens = OrderDetail & { tokens: OrderToken[] };

/** An order in 我的订单 (`GET /ca/orders`). */
export interface OrderSummary {
  id: string;
  orderNo: string;
  name: string;
  totalFen: number;
  quantity: number;
  status: string;
  createdAt: string;
}

/** A row of the CA-binding table. */
export type BindingRow = BindingChange;

/** 待制作证书 — the enterprise's approved orders with UKeys still to make. */
export const listProduction = (signal?: AbortSignal) =>
  call<{ items: ProductionItem[] }>('GET', '/ca/production', { signal });

/** The token stations online. */
export const listStations = (signal?: AbortSignal) => call<{ items: Station[] }>('GET', '/stations', { signal });

/** The tokens in a station's readers now (for an applicant: blank ones and its own). */
export const listReaderTokens = (stationId: string, signal?: AbortSignal) =>
  call<{ items: ReaderToken[] }>('GET', `/stations/${encodeURIComponent(stationId)}/tokens`, { signal });

/** An order with its UKeys' steps and the remaining count. */
export const getOrder = (id: string, signal?: AbortSignal) =>
  call<OrderWithTokens>('GET', `/ca/orders/${encodeURIComponent(id)}`, { signal });

/** The enterprise's orders, newest first. */
export const listOrders = (signal?: AbortSignal) =>
  call<Page<OrderSummary>>('GET', '/ca/orders', { query: { limit: 100 }, signal });

/** 制证 — makes one UKey on a station's token with the authorisation code; resolves when it is made. */
export const makeUKey = (
  orderId: string,
  body: { stationId: string; tokenSerial: string; ukeyModel?: string; authCode: string },
  submission: Submission,
) =>
  call<{ itemId: string; status: string; tokenSerial?: unknown; certificateSerial?: unknown; remaining?: unknown }>(
    'POST',
    `/ca/orders/${encodeURIComponent(orderId)}/tokens`,
    { body, submission },
  );

/** The CA-binding table. */
export const listBindings = (signal?: AbortSignal) =>
  call<{ items: BindingRow[] }>('GET', '/enterprise/ca-bindings', { signal });

/** 获取锁信息 — the API checks the certificate of the UKey plugged in here, or reads it in a station's reader. */
export const readLock = (lock: LockBody) => call<LockInfo>('POST', '/enterprise/ca-bindings/read-lock', { body: lock });

/** 确认并返回 — adds the UKey read as a new, unsubmitted binding. */
export const addBinding = (lock: LockBody, submission: Submission) =>
  call<BindingRow>('POST', '/enterprise/ca-bindings', { body: lock, submission });

/** 删除 — removes a row not yet submitted. */
export const deleteBinding = (id: string, submission: Submission) =>
  call<void>('DELETE', `/enterprise/ca-bindings/${encodeURIComponent(id)}`, { submission });

/** 申请解绑 — asks to remove a binding in force. */
export const askRemoval = (id: string, submission: Submission) =>
  call<BindingRow>('POST', `/enterprise/ca-bindings/${encodeURIComponent(id)}/removal`, { body: {}, submission });

/** 提交 — submits the unsubmitted rows for approval. */
export const submitBindings = (submission: Submission) =>
  call<{ processId: string; changes: number; status: string }>('POST', '/enterprise/ca-bindings/submit', {
    body: {},
    submission,
  });

/** The enterprise's certificates. */
export const listMyCertificates = (signal?: AbortSignal) =>
  call<{ items: Certificate[] }>('GET', '/ca/certificates', { signal });

/** 挂失 / 损坏 — revokes the certificate of a lost or broken UKey. */
export const reportLost = (serial: string, body: { kind: 'lost' | 'broken'; note?: string }, submission: Submission) =>
  call<{ serial: string; status: string; revokedAt: unknown; reissue?: unknown }>(
    'POST',
    `/enterprise/certificates/${encodeURIComponent(serial)}/report-lost`,
    { body, submission },
  );

/** The registration's status, step, comments and timeline. */
export const getRegistration = (signal?: AbortSignal) =>
  call<RegistrationView>('GET', '/enterprise/registration', { signal });

/** A process of this enterprise: its open tasks (who holds them, since when) and decisions. */
export const getCaseProcess = (id: string, signal?: AbortSignal) =>
  call<ProcessDetail>('GET', `/processes/${encodeURIComponent(id)}`, { signal });

/** 续期 — the renewal order of a certificate, pre-filled. */
export const getRenewal = (serial: string, signal?: AbortSignal) =>
  call<RenewalPrefill>('GET', `/enterprise/certificates/${encodeURIComponent(serial)}/renewal`, { signal });

/** 提交续期订单 — places the renewal order (one UKey, the same one). */
export const placeRenewal = (serial: string, submission: Submission) =>
  call<RenewalPlaced>('POST', `/enterprise/certificates/${encodeURIComponent(serial)}/renewal`, {
    body: {},
    submission,
  });

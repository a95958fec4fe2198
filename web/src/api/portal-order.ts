/**
 * The applicant's certificate order (`/api/v1/ca/…`): the catalogue, the pre-filled order form, placing
 * an order, my orders, an order's details, payment (online or bank transfer), materials and their submission.
 */
import { msg } from '../i18n';
import { API_BASE, ApiFailure, call, networkFailure } from './client';
import type { Submission } from './submission';
import type { Attachment, OrderDetail, Page, Service } from './types';

/** 选择服务 — the services on offer. */
export const listServices = (signal?: AbortSignal) => call<{ items: Service[] }>('GET', '/ca/catalog', { signal });

/** The order form as the approved enterprise record fills it in. */
export const orderPrefill = (signal?: AbortSignal) =>
  call<Record<string, Record<string, unknown>>>('GET', '/ca/orders/prefill', { signal });

/** 点击购买 — places an order (the submission's Idempotency-Key follows the body). */
export const placeOrder = (body: unknown, submission: Submission) =>
  call<{ id: string; orderNo: string; totalFen: number }>('POST', '/ca/orders', { body, submission });

/** An order in 我的订单. */
export interface OrderRow {
  id: string;
  orderNo: string;
  name: string;
  totalFen: number;
  quantity: number;
  status: string;
  createdAt: string;
}

/** An order as its applicant reads it (`GET /ca/orders/:id`). */
export interface PortalOrder extends OrderDetail {
  /** While the materials are refused: each refused kind with the reviewer's reason. */
  rejectedDocuments: Record<string, string>;
  service: { name?: string; termYears?: number };
  paidAt: string | null;
  comments: { seq: number; step: string; department: string; comment: string; at: string }[];
}

/** 我的订单 — the enterprise's orders, newest first. */
export const listOrders = (cursor: string | null, signal?: AbortSignal) =>
  call<Page<OrderRow>>('GET', '/ca/orders', { query: { cursor, limit: 20 }, signal });

/** 订单详情 — one order with its progress, payments, materials, UKeys and 意见. */
export const getOrder = (id: string, signal?: AbortSignal) =>
  call<PortalOrder>('GET', `/ca/orders/${encodeURIComponent(id)}`, { signal });

/** 删除订单 — deletes an unpaid, unreviewed order. */
export const deleteOrder = (id: string, submission: Submission) =>
  call<void>('DELETE', `/ca/orders/${encodeURIComponent(id)}`, { submission });

/** The online wallets: 支付宝 or 微信支付. */
export type Wallet = 'alipay' | 'wechatpay';

/** 在线支付 — starts an online payment with a wallet; answers where to pay (微信支付: the QR code's `codeUrl`). */
export const startPayment = (id: string, wallet: Wallet, submission: Submission) =>
  call<{ paymentId: string; wallet: Wallet; payUrl: string; codeUrl?: string; amountFen: number }>(
    'POST',
    `/ca/orders/${encodeURIComponent(id)}/payments`,
    { body: { wallet }, submission },
  );

/** 银行汇款 — the vendor's account (户名, 开户行, 账号). */
export const bankAccount = (signal?: AbortSignal) =>
  call<{ name: string; bank: string; number: string }>('GET', '/payments/bank-account', { signal });

/** Reports a bank transfer with its uploaded remittance slip; finance confirms it. */
export const reportTransfer = (
  id: string,
  body: { slipAttachmentId: string; amountFen: number },
  submission: Submission,
) =>
  call<{ paymentId: string; status: string }>('POST', `/ca/orders/${encodeURIComponent(id)}/payments/bank-transfer`, {
    body,
    submission,
  });

/** Uploads one material (`kind`: business_license, handler_id, application_form, other, remittance_slip). */
export async function uploadMaterial(id: string, kind: string, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file);
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/ca/orders/${encodeURIComponent(id)}/materials`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
  } catch {
    throw networkFailure();
  }
  const body = await res.json().catch(() => null);
  if (res.ok) return body as Attachment;
  const error = body?.error;
  if (error?.code && error.message) throw new ApiFailure(res.status, error.code, error.message, error.fields ?? []);
  throw new ApiFailure(
    res.status,
    'BAD_RESPONSE',
    msg(`上传失败（HTTP ${res.status}）`, `The upload failed (HTTP ${res.status})`),
  );
}

/** Removes a material while it may change. */
export const removeMaterial = (id: string, attachmentId: string) =>
  call<void>('DELETE', `/ca/orders/${encodeURIComponent(id)}/materials/${encodeURIComponent(attachmentId)}`);

/** 提交 — submits the materials for review (again after a refusal). */
export const submitMaterials = (id: string, submission: Submission) =>
  call<{ status: string }>('POST', `/ca/orders/${encodeURIComponent(id)}/materials/submit`, { submission });

/** Where the application form PDF (打印申请单) is served, inline. */
export const applicationFormUrl = (id: string) =>
  `${API_BASE}/ca/orders/${encodeURIComponent(id)}/application-form.pdf`;

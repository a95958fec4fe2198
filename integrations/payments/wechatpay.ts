/**
 * The WeChat Pay adapter (微信支付 API v3): a Native payment (the QR code's `code_url`), the order query,
 * refunds, and the notification sealed with AEAD_AES_256_GCM. Every request carries the
 * WECHATPAY2-SHA256-RSA2048 Authorization header; every answer and notification must be signed by the
 * platform key. Signing, the signed strings and AES-GCM are wechatpay-axios-plugin's (Rsa, Formatter, Aes);
 * HTTP goes through a transport, `fetch` against WeChat Pay or the simulator in the embedded default.
 */
import { createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import {
  outRefundNo,
  type PaymentGateway,
  type PaymentNotice,
  type PaymentRequest,
  type RefundOutcome,
  type RefundRequest,
  type TradeStatus,
} from './ports';

/** Settings of the WeChat Pay adapter (from `WECHATPAY_*`). */
export interface WechatPaySettings {
  /** 商户号. */
  mchId: string;
  /** The AppID the merchant is bound to. */
  appId: string;
  /** Serial number of the merchant's API certificate (商户API证书序列号). */
  merchantSerial: string;
  /** The merchant's API private key, PEM. */
  merchantPrivateKeyPem: string;
  /** The APIv3 key (32 characters) that seals notification resources. */
  apiV3Key: string;
  /** The platform certificate (平台证书) or WeChat Pay public key (微信支付公钥), PEM. */
  platformKeyPem: string;
  /** The platform key's ID (`PUB_KEY_ID_…`); a certificate's serial is read from it. */
  platformKeyId?: string;
  /** Default `https://api.mch.weixin.qq.com`. */
  baseUrl?: string;
}

/** An HTTP request as signed: the body exactly as sent. */
export interface HttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** An HTTP answer: header names in lower case, the body exactly as received. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends a request to WeChat Pay (or to the simulator). */
export type Transport = (request: HttpRequest) => Promise<HttpResponse>;

/** Sends requests over the network with `fetch`, 10 seconds at most. */
export const fetchTransport: Transport = async (r) => {
  const res = await fetch(r.url, {
    method: r.method,
    headers: r.headers,
    body: r.method === 'GET' ? undefined : r.body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
};

/** How far a signed timestamp may be from now (WeChat Pay's advice: five minutes). */
export const SIGNATURE_WINDOW_S = 300;

/** The platform's verifying key and its serial (certificate serial or public key ID). */
export interface PlatformKey {
  serial: string;
  key: KeyObject;
}

/** The platform key from a certificate (serial read from it) or a public key with its ID. */
export function platformKey(pem: string, keyId?: string): PlatformKey {
  if (pem.includes('BEGIN CERTIFICATE')) {
    const cert = new X509Certificate(pem);
    return { serial: cert.serialNumber.toUpperCase(), key: cert.publicKey };
  }
  if (!keyId) throw new Error('a WeChat Pay public key needs its ID (PUB_KEY_ID_…)');
  return { serial: keyId, key: createPublicKey(pem) };
}

/** A header by name, whatever its case. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const lower = name.toLowerCase();
  const found = Object.entries(headers).find(([k]) => k.toLowerCase() === lower)?.[1];
  return Array.isArray(found) ? found[0] : found;
}

/**
 * Why a message is not signed by the platform, or null when it is: its `Wechatpay-Serial` names the
 * platform key, its `Wechatpay-Timestamp` is within five minutes of `now`, and `Wechatpay-Signature` is
 * SHA256withRSA over `timestamp\nnonce\nbody\n`.
 */
export function signatureProblem(
  headers: Record<string, string | string[] | undefined>,
  body: string,
  platform: PlatformKey,
  now: Date,
): string | null {
  const serial = header(headers, 'Wechatpay-Serial');
  const timestamp = header(headers, 'Wechatpay-Timestamp');
  const nonce = header(headers, 'Wechatpay-Nonce');
  const signature = header(headers, 'Wechatpay-Signature');
  if (!serial || !timestamp || !nonce || !signature) return 'missing_signature_headers';
  if (serial !== platform.serial) return 'unknown_platform_serial';
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now.getTime() / 1000 - Number(timestamp)) > SIGNATURE_WINDOW_S)
    return 'stale_timestamp';
  try {
    return Rsa.verify(Formatter.response(timestamp, nonce, body), signature, platform.key) ? null : 'bad_signature';
  } catch {
    return 'bad_signature';
  }
}

/** The `Wechatpay-*` headers signing `body` as the platform (or, in the simulator, as anyone with a key). */
export function signedHeaders(body: string, serial: string, privateKey: KeyObject | string): Record<string, string> {
  const timestamp = String(Formatter.timestamp());
  const nonce = Formatter.nonce();
  return {
    'Wechatpay-Serial': serial,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': Rsa.sign(Formatter.response(timestamp, nonce, body), privateKey),
    'Wechatpay-Signature-Type': 'WECHATPAY2-SHA256-RSA2048',
  };
}

/** The sealed part of a notification. */
export interface EncryptedResource {
  algorithm: string;
  ciphertext: string;
  nonce: string;
  associated_data?: string;
  original_type?: string;
}

/** Opens a notification resource sealed with AEAD_AES_256_GCM under the APIv3 key; throws if it was altered. */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new Error(`unknown algorithm ${resource.algorithm}`);
  return Aes.AesGcm.decrypt(resource.ciphertext, apiV3Key, resource.nonce, resource.associated_data ?? '');
}

/** Seals a resource as WeChat Pay does (the simulator's side of `decryptResource`). */
export function encryptResource(plaintext: string, apiV3Key: string, associatedData: string): EncryptedResource {
  const nonce = Formatter.nonce(12);
  return {
    algorithm: 'AEAD_AES_256_GCM',
    ciphertext: Aes.AesGcm.encrypt(plaintext, apiV3Key, nonce, associatedData),
    nonce,
    associated_data: associatedData,
    original_type: 'transaction',
  };
}

/** A transaction as WeChat Pay describes it (the fields the product reads). */
export interface WechatTransaction {
  appid?: string;
  mchid?: string;
  out_trade_no?: string;
  transaction_id?: string;
  trade_state?: string;
  success_time?: string;
  amount?: { total?: number; currency?: string; payer_total?: number; payer_currency?: string };
}

const TRADE_STATES: Record<string, TradeStatus> = {
  SUCCESS: 'TRADE_SUCCESS',
  NOTPAY: 'WAIT_BUYER_PAY',
  USERPAYING: 'WAIT_BUYER_PAY',
  CLOSED: 'TRADE_CLOSED',
  REVOKED: 'TRADE_CLOSED',
};

/** Reads a transaction whose signature was checked: it must be for this merchant and app, and complete. */
export function readTransaction(tx: WechatTransaction, mchId: string, appId: string): PaymentNotice {
  if (tx.mchid !== mchId) return { valid: false, reason: 'wrong_mchid' };
  if (tx.appid !== appId) return { valid: false, reason: 'wrong_appid' };
  if (!tx.out_trade_no) return { valid: false, reason: 'missing_trade_number' };
  const status = TRADE_STATES[tx.trade_state ?? ''];
  if (!status) return { valid: false, reason: 'unknown_trade_state' };
  const total = tx.amount?.total;
  if (!Number.isSafeInteger(total) || total! < 0 || (tx.amount?.currency ?? 'CNY') !== 'CNY')
    return { valid: false, reason: 'bad_amount' };
  if (status === 'TRADE_SUCCESS' && !tx.transaction_id) return { valid: false, reason: 'missing_trade_number' };
  let paidAt: string | null = null;
  if (tx.success_time) {
    const at = new Date(tx.success_time);
    if (Number.isNaN(at.getTime())) return { valid: false, reason: 'bad_success_time' };
    paidAt = at.toISOString();
  }
  return {
    valid: true,
    outTradeNo: tx.out_trade_no,
    tradeNo: tx.transaction_id ?? '',
    amountFen: total!,
    status,
    paidAt,
  };
}

/** Takes Native payments through WeChat Pay API v3. */
export class WechatPayProvider implements PaymentGateway {
  readonly name = 'wechatpay';
  private readonly merchantKey: KeyObject;
  private readonly platform: PlatformKey;
  private readonly baseUrl: string;

  constructor(
    private readonly settings: WechatPaySettings,
    private readonly transport: Transport = fetchTransport,
  ) {
    this.merchantKey = createPrivateKey(settings.merchantPrivateKeyPem);
    this.platform = platformKey(settings.platformKeyPem, settings.platformKeyId);
    this.baseUrl = (settings.baseUrl ?? 'https://api.mch.weixin.qq.com').replace(/\/$/, '');
    if (Buffer.byteLength(settings.apiV3Key) !== 32) throw new Error('the WeChat Pay APIv3 key must be 32 bytes');
  }

  /** A Native order (/v3/pay/transactions/native): the payer scans `codeUrl`; `payUrl` is the same address. */
  async createPayment(p: PaymentRequest): Promise<{ payUrl: string; codeUrl: string }> {
    const { status, json } = await this.call('POST', '/v3/pay/transactions/native', {
      appid: this.settings.appId,
      mchid: this.settings.mchId,
      description: p.subject.slice(0, 127),
      out_trade_no: p.paymentId,
      notify_url: p.notifyUrl,
      amount: { total: p.amountFen, currency: 'CNY' },
    });
    if (status !== 200 || typeof json.code_url !== 'string')
      throw new Error(`WeChat Pay refused the order: ${status} ${String(json.code ?? '')}`);
    return { payUrl: json.code_url, codeUrl: json.code_url };
  }

  /** The order's state as WeChat Pay holds it (/v3/pay/transactions/out-trade-no/{out_trade_no}). */
  async queryPayment(paymentId: string): Promise<PaymentNotice> {
    const path = `/v3/pay/transactions/out-trade-no/${encodeURIComponent(paymentId)}?mchid=${encodeURIComponent(this.settings.mchId)}`;
    const { status, json } = await this.call('GET', path);
    if (status === 404) return { valid: false, reason: 'order_not_exist' };
    if (status !== 200) throw new Error(`WeChat Pay query failed: ${status} ${String(json.code ?? '')}`);
    return readTransaction(json as WechatTransaction, this.settings.mchId, this.settings.appId);
  }

  /** /v3/refund/domestic/refunds; the same `out_refund_no` answers the same refund. A 4xx is a refusal, a 5xx thrown. */
  async refund(r: RefundRequest): Promise<RefundOutcome> {
    const { status, json } = await this.call('POST', '/v3/refund/domestic/refunds', {
      out_trade_no: r.paymentId,
      out_refund_no: outRefundNo(r.refundId),
      reason: r.reason.slice(0, 80),
      amount: { refund: r.amountFen, total: r.totalFen, currency: 'CNY' },
    });
    if (status >= 500) throw new Error(`WeChat Pay refund failed: ${status} ${String(json.code ?? '')}`);
    if (status !== 200) return { accepted: false, providerRefundId: null, providerStatus: String(json.code ?? status) };
    const providerStatus = String(json.status ?? '');
    return {
      accepted: providerStatus === 'SUCCESS' || providerStatus === 'PROCESSING',
      providerRefundId: typeof json.refund_id === 'string' ? json.refund_id : null,
      providerStatus,
    };
  }

  /** Checks a notification's platform signature, opens its resource and reads the transaction. */
  verifyNotification(
    headers: Record<string, string | string[] | undefined>,
    body: string,
    now = new Date(),
  ): PaymentNotice {
    const problem = signatureProblem(headers, body, this.platform, now);
    if (problem) return { valid: false, reason: problem };
    let plaintext: string;
    try {
      const notification = JSON.parse(body) as { event_type?: string; resource?: EncryptedResource };
      if (!notification.resource) return { valid: false, reason: 'missing_resource' };
      plaintext = decryptResource(notification.resource, this.settings.apiV3Key);
    } catch {
      return { valid: false, reason: 'undecryptable_resource' };
    }
    try {
      return readTransaction(JSON.parse(plaintext) as WechatTransaction, this.settings.mchId, this.settings.appId);
    } catch {
      return { valid: false, reason: 'bad_resource' };
    }
  }

  /** Sends a signed request; an answer the platform did not sign is thrown away. */
  private async call(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    payload?: object,
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = Formatter.timestamp();
    const nonce = Formatter.nonce();
    const signature = Rsa.sign(Formatter.request(method, pathAndQuery, timestamp, nonce, body), this.merchantKey);
    const res = await this.transport({
      method,
      url: `${this.baseUrl}${pathAndQuery}`,
      headers: {
        Authorization: Formatter.authorization(
          this.settings.mchId,
          nonce,
          signature,
          timestamp,
          this.settings.merchantSerial,
        ),
        Accept: 'application/json',
        'Content-Type': 'application/json',
        'User-Agent': 'bpm-wechatpay/1',
      },
      body,
    });
    const problem = signatureProblem(res.headers, res.body, this.platform, new Date());
    if (problem) throw new Error(`a WeChat Pay answer (${res.status}) not signed by the platform: ${problem}`);
    return { status: res.status, json: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
  }
}

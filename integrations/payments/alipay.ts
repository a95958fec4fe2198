/** The Alipay adapter (alipay-sdk 4): computer-website payment (alipay.trade.page.pay) and its asynchronous notifications. */
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { AlipaySdk } from 'alipay-sdk';
import { fenToYuan } from './money';
import {
  alipayTime,
  outRefundNo,
  readNotification,
  type PaymentNotice,
  type PaymentProvider,
  type PaymentRequest,
  type RefundOutcome,
  type RefundRequest,
} from './ports';

/** Settings of the Alipay adapter (from `ALIPAY_*`). */
export interface AlipaySettings {
  appId: string;
  /** The app's private key, PEM (PKCS#8 or PKCS#1). */
  privateKeyPem: string;
  /** Alipay's public key (支付宝公钥), PEM. */
  alipayPublicKeyPem: string;
  /** Default `https://openapi.alipay.com/gateway.do`. */
  gateway?: string;
}

/** Takes payments through Alipay; the pay URL is built and signed locally, without calling Alipay. */
export class AlipayProvider implements PaymentProvider {
  readonly name = 'alipay';
  private readonly sdk: AlipaySdk;

  constructor(private readonly settings: AlipaySettings) {
    this.sdk = new AlipaySdk({
      appId: settings.appId,
      privateKey: createPrivateKey(settings.privateKeyPem).export({ type: 'pkcs8', format: 'pem' }) as string,
      keyType: 'PKCS8',
      alipayPublicKey: createPublicKey(settings.alipayPublicKeyPem).export({ type: 'spki', format: 'pem' }) as string,
      signType: 'RSA2',
      // The SDK's defaults are overwritten by keys present with `undefined`.
      ...(settings.gateway ? { gateway: settings.gateway } : {}),
    });
  }

  /** The trade's `out_trade_no` is the payment ID; the timestamp is Beijing time whatever the server's time zone. */
  async createPayment(p: PaymentRequest): Promise<{ payUrl: string }> {
    const payUrl = this.sdk.pageExecute('alipay.trade.page.pay', 'GET', {
      bizContent: {
        out_trade_no: p.paymentId,
        total_amount: fenToYuan(p.amountFen),
        subject: p.subject,
        product_code: 'FAST_INSTANT_TRADE_PAY',
      },
      notifyUrl: p.notifyUrl,
      returnUrl: p.returnUrl,
      timestamp: alipayTime(new Date()),
    });
    return { payUrl };
  }

  /** alipay.trade.refund, signed by the SDK; its `out_request_no` makes asking again harmless. */
  async refund(r: RefundRequest): Promise<RefundOutcome> {
    const answer = await this.sdk.exec('alipay.trade.refund', {
      bizContent: {
        out_trade_no: r.paymentId,
        refund_amount: fenToYuan(r.amountFen),
        out_request_no: outRefundNo(r.refundId),
        refund_reason: r.reason.slice(0, 256),
      },
    });
    const accepted = answer.code === '10000';
    return {
      accepted,
      providerRefundId: accepted ? String(answer.trade_no ?? '') || null : null,
      providerStatus: accepted ? 'SUCCESS' : String(answer.subCode ?? answer.code),
    };
  }

  verifyNotification(params: Record<string, string>): PaymentNotice {
    if (!this.signedByAlipay(params)) return { valid: false, reason: 'bad_signature' };
    return readNotification(params, this.settings.appId);
  }

  /** RSA2 only (the SDK would also take SHA-1 `RSA`); values are checked as received, already form-decoded. */
  private signedByAlipay(params: Record<string, string>): boolean {
    if ((params.sign_type ?? 'RSA2') !== 'RSA2') return false;
    try {
      return this.sdk.checkNotifySignV2(params);
    } catch {
      return false;
    }
  }
}

/**
 * The payment simulator of the embedded default: it stands in for Alipay with a key pair of its own,
 * so its notifications go through the same RSA2 verification as real ones.
 */
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fenToYuan } from './money';
import {
  alipayTime,
  readNotification,
  type PaymentNotice,
  type PaymentProvider,
  type PaymentRequest,
  type RefundOutcome,
  type RefundRequest,
  type TradeStatus,
} from './ports';
import { signRsa2, verifyRsa2 } from './rsa2';
import { createFolderOnce } from '../../platform/create-once';

/** The app ID the simulator's notifications carry. */
export const SIMULATOR_APP_ID = 'simulator';

/** A trade as the simulated payer left it. */
export interface SimulatedTrade {
  outTradeNo: string;
  tradeNo: string;
  amountFen: number;
  status: TradeStatus;
  /** UTC ISO time of payment; default now for a paid trade, none otherwise. */
  paidAt?: string;
}

/** A payment provider that pays on a local page and signs Alipay-style notifications. */
export class PaymentSimulator implements PaymentProvider {
  readonly name = 'simulator';

  private constructor(
    private readonly privateKeyPem: string,
    private readonly publicKeyPem: string,
    private readonly publicUrl: string,
  ) {}

  /** Opens the simulator with the key pair in `dir` (`simulator.key`, mode 0600, and `simulator.pub`), created on first use. */
  static open(dir: string, publicUrl: string): PaymentSimulator {
    const keyPath = path.join(dir, 'simulator.key');
    const pubPath = path.join(dir, 'simulator.pub');
    if (!fs.existsSync(keyPath)) {
      const keys = generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      });
      createFolderOnce(dir, {
        'simulator.key': { data: keys.privateKey, mode: 0o600 },
        'simulator.pub': { data: keys.publicKey },
      });
    }
    return new PaymentSimulator(
      fs.readFileSync(keyPath, 'utf8'),
      fs.readFileSync(pubPath, 'utf8'),
      publicUrl.replace(/\/$/, ''),
    );
  }

  async createPayment(p: PaymentRequest): Promise<{ payUrl: string }> {
    return { payUrl: `${this.publicUrl}/api/v1/payments/simulator/${encodeURIComponent(p.paymentId)}` };
  }

  /** A complete notification about `trade`, RSA2-signed as Alipay signs its own. */
  notification(trade: SimulatedTrade): Record<string, string> {
    const now = new Date();
    const paid = trade.status === 'TRADE_SUCCESS' || trade.status === 'TRADE_FINISHED';
    const paidAt = trade.paidAt ? new Date(trade.paidAt) : paid ? now : null;
    const params: Record<string, string> = {
      notify_time: alipayTime(now),
      notify_type: 'trade_status_sync',
      notify_id: randomUUID().replaceAll('-', ''),
      app_id: SIMULATOR_APP_ID,
      charset: 'utf-8',
      version: '1.0',
      sign_type: 'RSA2',
      trade_no: trade.tradeNo,
      out_trade_no: trade.outTradeNo,
      trade_status: trade.status,
      total_amount: fenToYuan(trade.amountFen),
      ...(paidAt ? { gmt_payment: alipayTime(paidAt) } : {}),
    };
    return { ...params, sign: signRsa2(params, this.privateKeyPem) };
  }

  /** Takes every refund up to the payment's amount; the same `refundId` always answers the same refund. */
  async refund(r: RefundRequest): Promise<RefundOutcome> {
    if (r.amountFen <= 0 || r.amountFen > r.totalFen)
      return { accepted: false, providerRefundId: null, providerStatus: 'REFUND_AMT_NOT_EQUAL_TOTAL' };
    const providerRefundId = `SIMRF${createHash('sha256').update(r.refundId).digest('hex').slice(0, 24)}`;
    return { accepted: true, providerRefundId, providerStatus: 'SUCCESS' };
  }

  verifyNotification(params: Record<string, string>): PaymentNotice {
    if (!verifyRsa2(params, this.publicKeyPem)) return { valid: false, reason: 'bad_signature' };
    return readNotification(params, SIMULATOR_APP_ID);
  }
}

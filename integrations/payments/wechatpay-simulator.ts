/**
 * The payment simulator playing WeChat Pay (微信支付 API v3) in the embedded default. It holds the
 * merchant's key pair and APIv3 key (as a merchant would get them) and a platform key pair of its own;
 * it answers the adapter's signed requests (checking the WECHATPAY2-SHA256-RSA2048 header), signs every
 * answer as the platform, and sends notifications sealed with AEAD_AES_256_GCM — so the real adapter
 * runs end to end without the network. Trades are kept as files in its folder, shared by API and worker.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Formatter, Rsa } from 'wechatpay-axios-plugin';
import { createFolderOnce } from '../../platform/create-once';
import {
  encryptResource,
  signedHeaders,
  type HttpRequest,
  type HttpResponse,
  type WechatPaySettings,
  type WechatTransaction,
} from './wechatpay';

/** The merchant number and AppID of the simulated merchant. */
export const WECHATPAY_SIMULATOR = { mchId: '1900000109', appId: 'wxd930ea5d5a258f4f' } as const;

/** A trade the simulator holds. */
interface SimTrade {
  outTradeNo: string;
  total: number;
  description: string;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED';
  transactionId: string | null;
  successTime: string | null;
  refunds: Record<string, { refundId: string; amount: number }>;
}

const OUT_NO = /^[0-9A-Za-z_\-|*]{6,64}$/;

function keyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

/** The first 40 hex digits of a key's SHA-256, upper case: a stable serial for a simulated key. */
function serialOf(publicKeyPem: string, prefix = ''): string {
  return prefix + createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 40).toUpperCase();
}

/** Parses `WECHATPAY2-SHA256-RSA2048 k="v",…`; null when it is not one. */
function parseAuthorization(value: string | undefined): Record<string, string> | null {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(value ?? '');
  if (!m) return null;
  return Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((p) => [p[1], p[2]]));
}

/** WeChat Pay, simulated: the API the adapter calls and the notifications a payer's scan would cause. */
export class WechatPaySimulator {
  private constructor(
    private readonly dir: string,
    private readonly publicUrl: string,
    private readonly files: Record<'merchantKey' | 'merchantPub' | 'platformKey' | 'platformPub' | 'apiV3Key', string>,
  ) {}

  /** Opens the simulator with its keys in `dir` (private keys and the APIv3 key mode 0600), created on first use. */
  static open(dir: string, publicUrl: string): WechatPaySimulator {
    if (!fs.existsSync(path.join(dir, 'apiv3.key'))) {
      const merchant = keyPair();
      const platform = keyPair();
      createFolderOnce(dir, {
        'merchant.key': { data: merchant.privateKey, mode: 0o600 },
        'merchant.pub': { data: merchant.publicKey },
        'platform.key': { data: platform.privateKey, mode: 0o600 },
        'platform.pub': { data: platform.publicKey },
        'apiv3.key': { data: randomBytes(16).toString('hex'), mode: 0o600 },
      });
    }
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    fs.mkdirSync(path.join(dir, 'trades'), { recursive: true });
    return new WechatPaySimulator(dir, publicUrl.replace(/\/$/, ''), {
      merchantKey: read('merchant.key'),
      merchantPub: read('merchant.pub'),
      platformKey: read('platform.key'),
      platformPub: read('platform.pub'),
      apiV3Key: read('apiv3.key'),
    });
  }

  /** The adapter's settings for this simulated merchant: its keys, and the platform's public key with its ID. */
  settings(): WechatPaySettings {
    return {
      ...WECHATPAY_SIMULATOR,
      merchantSerial: serialOf(this.files.merchantPub),
      merchantPrivateKeyPem: this.files.merchantKey,
      apiV3Key: this.files.apiV3Key,
      platformKeyPem: this.files.platformPub,
      platformKeyId: this.platformSerial,
      baseUrl: 'https://api.mch.weixin.qq.com',
    };
  }

  private get platformSerial(): string {
    return serialOf(this.files.platformPub, 'PUB_KEY_ID_');
  }

  /** The transport the adapter uses in place of the network. */
  readonly transport = async (r: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(r.url);
    const problem = this.unsignedRequest(r, url);
    if (problem) return this.answer(401, { code: 'SIGN_ERROR', message: problem });
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (r.method === 'POST' && url.pathname === '/v3/pay/transactions/native') return this.native(JSON.parse(r.body));
    if (r.method === 'GET' && query) return this.query(decodeURIComponent(query[1]));
    if (r.method === 'POST' && url.pathname === '/v3/refund/domestic/refunds') return this.refund(JSON.parse(r.body));
    return this.answer(404, { code: 'NOT_FOUND', message: 'no such API' });
  };

  /**
   * The payer scanned and paid: the trade is paid (once; a second call repeats the same transaction) and the
   * notification WeChat Pay would send is answered, signed and sealed. Null for a trade it does not hold.
   */
  pay(outTradeNo: string): { headers: Record<string, string>; body: string } | null {
    const trade = this.load(outTradeNo);
    if (!trade) return null;
    if (trade.state !== 'SUCCESS') {
      trade.state = 'SUCCESS';
      trade.transactionId = `4200${Date.now()}${randomBytes(4).toString('hex')}`;
      trade.successTime = new Date().toISOString().replace(/\.\d{3}Z$/, '+00:00');
      this.save(trade);
    }
    return this.notification(this.transaction(trade));
  }

  /** A notification about `tx` as WeChat Pay sends it: TRANSACTION.SUCCESS, the resource sealed, the whole signed. */
  notification(tx: WechatTransaction): { headers: Record<string, string>; body: string } {
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString('hex')}`,
      create_time: new Date().toISOString(),
      resource_type: 'encrypt-resource',
      event_type: tx.trade_state === 'SUCCESS' ? 'TRANSACTION.SUCCESS' : 'TRANSACTION.CLOSED',
      summary: '支付成功',
      resource: encryptResource(JSON.stringify(tx), this.files.apiV3Key, 'transaction'),
    });
    return {
      headers: {
        'content-type': 'application/json',
        ...signedHeaders(body, this.platformSerial, this.files.platformKey),
      },
      body,
    };
  }

  /** Why the request is not the simulated merchant's signed one, or null. */
  private unsignedRequest(r: HttpRequest, url: URL): string | null {
    const auth = parseAuthorization(r.headers.Authorization ?? r.headers.authorization);
    if (!auth) return 'missing WECHATPAY2-SHA256-RSA2048 Authorization';
    if (auth.mchid !== WECHATPAY_SIMULATOR.mchId) return 'wrong mchid';
    if (auth.serial_no !== serialOf(this.files.merchantPub)) return 'unknown merchant serial_no';
    if (Math.abs(Date.now() / 1000 - Number(auth.timestamp)) > 300) return 'stale timestamp';
    const message = Formatter.request(r.method, url.pathname + url.search, auth.timestamp, auth.nonce_str, r.body);
    const ok = Rsa.verify(message, auth.signature ?? '', createPublicKey(this.files.merchantPub));
    return ok ? null : 'bad signature';
  }

  private native(b: {
    appid?: string;
    mchid?: string;
    out_trade_no?: string;
    description?: string;
    amount?: { total?: number };
    notify_url?: string;
  }): HttpResponse {
    if (b.mchid !== WECHATPAY_SIMULATOR.mchId || b.appid !== WECHATPAY_SIMULATOR.appId)
      return this.answer(400, { code: 'APPID_MCHID_NOT_MATCH', message: 'appid and mchid do not match' });
    const total = b.amount?.total;
    if (
      !OUT_NO.test(b.out_trade_no ?? '') ||
      b.out_trade_no!.length > 32 ||
      !Number.isSafeInteger(total) ||
      total! <= 0 ||
      !b.notify_url
    )
      return this.answer(400, { code: 'PARAM_ERROR', message: 'out_trade_no, amount.total or notify_url' });
    const held = this.load(b.out_trade_no!);
    if (held && held.total !== total) return this.answer(400, { code: 'OUT_TRADE_NO_USED', message: '商户订单号重复' });
    if (!held)
      this.save({
        outTradeNo: b.out_trade_no!,
        total: total!,
        description: b.description ?? '',
        state: 'NOTPAY',
        transactionId: null,
        successTime: null,
        refunds: {},
      });
    return this.answer(200, { code_url: `${this.publicUrl}/api/v1/payments/simulator/${b.out_trade_no}` });
  }

  private query(outTradeNo: string): HttpResponse {
    const trade = OUT_NO.test(outTradeNo) ? this.load(outTradeNo) : null;
    if (!trade) return this.answer(404, { code: 'ORDER_NOT_EXIST', message: '订单不存在' });
    return this.answer(200, this.transaction(trade));
  }

  private refund(b: {
    out_trade_no?: string;
    out_refund_no?: string;
    amount?: { refund?: number; total?: number };
  }): HttpResponse {
    const trade = OUT_NO.test(b.out_trade_no ?? '') ? this.load(b.out_trade_no!) : null;
    if (!trade || trade.state !== 'SUCCESS')
      return this.answer(404, { code: 'RESOURCE_NOT_EXISTS', message: '订单不存在或未支付' });
    const outRefundNo = b.out_refund_no ?? '';
    if (!OUT_NO.test(outRefundNo)) return this.answer(400, { code: 'PARAM_ERROR', message: 'out_refund_no' });
    const refund = b.amount?.refund ?? 0;
    const earlier = trade.refunds[outRefundNo];
    if (!earlier) {
      const refunded = Object.values(trade.refunds).reduce((sum, r) => sum + r.amount, 0);
      if (b.amount?.total !== trade.total || refund <= 0 || refunded + refund > trade.total)
        return this.answer(400, { code: 'INVALID_REQUEST', message: '退款金额超过订单可退金额' });
      trade.refunds[outRefundNo] = { refundId: `5030${Date.now()}${randomBytes(4).toString('hex')}`, amount: refund };
      this.save(trade);
    }
    const r = trade.refunds[outRefundNo];
    return this.answer(200, {
      refund_id: r.refundId,
      out_refund_no: outRefundNo,
      transaction_id: trade.transactionId,
      out_trade_no: trade.outTradeNo,
      status: 'SUCCESS',
      amount: { refund: r.amount, total: trade.total, currency: 'CNY' },
    });
  }

  private transaction(t: SimTrade): WechatTransaction & Record<string, unknown> {
    return {
      appid: WECHATPAY_SIMULATOR.appId,
      mchid: WECHATPAY_SIMULATOR.mchId,
      out_trade_no: t.outTradeNo,
      ...(t.transactionId ? { transaction_id: t.transactionId } : {}),
      trade_type: 'NATIVE',
      trade_state: t.state,
      trade_state_desc: t.state === 'SUCCESS' ? '支付成功' : '订单未支付',
      ...(t.successTime ? { success_time: t.successTime } : {}),
      amount: { total: t.total, payer_total: t.total, currency: 'CNY', payer_currency: 'CNY' },
    };
  }

  /** An answer signed with the platform key. */
  private answer(status: number, payload: object): HttpResponse {
    const body = JSON.stringify(payload);
    const signed = Object.fromEntries(
      Object.entries(signedHeaders(body, this.platformSerial, createPrivateKey(this.files.platformKey))).map(
        ([k, v]) => [k.toLowerCase(), v],
      ),
    );
    return {
      status,
      headers: { 'content-type': 'application/json', 'request-id': randomBytes(8).toString('hex'), ...signed },
      body,
    };
  }

  private tradeFile(outTradeNo: string): string {
    return path.join(this.dir, 'trades', `${outTradeNo}.json`);
  }

  private load(outTradeNo: string): SimTrade | null {
    try {
      return JSON.parse(fs.readFileSync(this.tradeFile(outTradeNo), 'utf8')) as SimTrade;
    } catch {
      return null;
    }
  }

  private save(trade: SimTrade): void {
    const file = this.tradeFile(trade.outTradeNo);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(trade));
    fs.renameSync(`${file}.tmp`, file);
  }
}

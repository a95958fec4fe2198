/**
 * WeChat Pay API v3: the adapter's signed requests, the platform signature it checks, the notification
 * resource it opens (AEAD_AES_256_GCM), against vectors made here with node:crypto alone; then the adapter
 * end to end against the simulator playing WeChat Pay (Native order, query, notification, refund).
 */
import {
  createCipheriv,
  createPrivateKey,
  createSign,
  createVerify,
  generateKeyPairSync,
  randomBytes,
  webcrypto,
} from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { outRefundNo, type PaymentNotice } from '../../integrations/payments/ports';
import {
  decryptResource,
  platformKey,
  signatureProblem,
  WechatPayProvider,
  type HttpRequest,
  type PlatformKey,
} from '../../integrations/payments/wechatpay';
import { WECHATPAY_SIMULATOR, WechatPaySimulator } from '../../integrations/payments/wechatpay-simulator';

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PLATFORM: PlatformKey = { serial: 'PUB_KEY_ID_0114232134912410000000000000', key: platform.publicKey };
const APIV3_KEY = 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5';

/** A message signed by hand as the platform signs: SHA256withRSA over `timestamp\nnonce\nbody\n`. */
function platformSigned(body: string, timestamp = Math.floor(Date.now() / 1000), nonce = 'n0nce-42') {
  const signature = createSign('RSA-SHA256')
    .update(`${timestamp}\n${nonce}\n${body}\n`)
    .sign(platform.privateKey, 'base64');
  return {
    'Wechatpay-Serial': PLATFORM.serial,
    'Wechatpay-Timestamp': String(timestamp),
    'Wechatpay-Nonce': nonce,
    'Wechatpay-Signature': signature,
  };
}

/** A resource sealed by hand: AES-256-GCM, the 16-byte tag after the ciphertext, base64. */
function sealed(plaintext: string, nonce = 'a1b2c3d4e5f6', aad = 'transaction') {
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(APIV3_KEY), Buffer.from(nonce)).setAAD(Buffer.from(aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: ciphertext.toString('base64'), nonce, associated_data: aad };
}

describe('the platform signature', () => {
  const body = '{"code_url":"weixin://wxpay/bizpayurl?pr=p4lpSuKzz"}';

  test('a message signed with the platform key is accepted', () => {
    expect(signatureProblem(platformSigned(body), body, PLATFORM, new Date())).toBeNull();
  });

  test('header names are matched whatever their case', () => {
    const lower = Object.fromEntries(Object.entries(platformSigned(body)).map(([k, v]) => [k.toLowerCase(), v]));
    expect(signatureProblem(lower, body, PLATFORM, new Date())).toBeNull();
  });

  test('a tampered body, another serial, a stale timestamp or a missing header is refused', () => {
    const headers = platformSigned(body);
    expect(signatureProblem(headers, body.replace('p4l', 'p4m'), PLATFORM, new Date())).toBe('bad_signature');
    expect(signatureProblem({ ...headers, 'Wechatpay-Serial': 'PUB_KEY_ID_OTHER' }, body, PLATFORM, new Date())).toBe(
      'unknown_platform_serial',
    );
    const old = platformSigned(body, Math.floor(Date.now() / 1000) - 301);
    expect(signatureProblem(old, body, PLATFORM, new Date())).toBe('stale_timestamp');
    const { ['Wechatpay-Nonce']: _nonce, ...noNonce } = headers;
    expect(signatureProblem(noNonce, body, PLATFORM, new Date())).toBe('missing_signature_headers');
  });

  test('a message signed with another key is refused', () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const headers = platformSigned(body);
    const forged = createSign('RSA-SHA256')
      .update(`${headers['Wechatpay-Timestamp']}\n${headers['Wechatpay-Nonce']}\n${body}\n`)
      .sign(other.privateKey, 'base64');
    expect(signatureProblem({ ...headers, 'Wechatpay-Signature': forged }, body, PLATFORM, new Date())).toBe(
      'bad_signature',
    );
  });
});

test('a platform certificate (平台证书) gives the key and its serial, as Wechatpay-Serial names it', async () => {
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    hash: 'SHA-256',
    publicExponent: new Uint8Array([1, 0, 1]),
    modulusLength: 2048,
  };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '5157f09efdc096de15ebe81a47057a7232f1b8e1',
    name: 'CN=Tenpay.com Root CA',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys,
    signingAlgorithm: alg,
  });
  const key = platformKey(cert.toString('pem'));
  expect(key.serial).toBe('5157F09EFDC096DE15EBE81A47057A7232F1B8E1');
  const privateKey = createPrivateKey({
    key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)),
    format: 'der',
    type: 'pkcs8',
  });
  const body = '{"refund_id":"50000000382019052709732678859"}';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers = {
    'Wechatpay-Serial': key.serial,
    'Wechatpay-Timestamp': timestamp,
    'Wechatpay-Nonce': 'abc',
    'Wechatpay-Signature': createSign('RSA-SHA256').update(`${timestamp}\nabc\n${body}\n`).sign(privateKey, 'base64'),
  };
  expect(signatureProblem(headers, body, key, new Date())).toBeNull();
});

describe('the notification resource (AEAD_AES_256_GCM)', () => {
  const transaction = JSON.stringify({ out_trade_no: 'pay0001', trade_state: 'SUCCESS' });

  test('a resource sealed with the APIv3 key opens to its plaintext', () => {
    expect(decryptResource(sealed(transaction), APIV3_KEY)).toBe(transaction);
  });

  test('a changed ciphertext, other associated data or another key does not open', () => {
    const r = sealed(transaction);
    const bytes = Buffer.from(r.ciphertext, 'base64');
    bytes[3] ^= 1;
    expect(() => decryptResource({ ...r, ciphertext: bytes.toString('base64') }, APIV3_KEY)).toThrow();
    expect(() => decryptResource({ ...r, associated_data: 'refund' }, APIV3_KEY)).toThrow();
    expect(() => decryptResource(r, APIV3_KEY.replace('a0', 'b0'))).toThrow();
  });
});

describe('the adapter', () => {
  const merchant = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const settings = {
    mchId: '1230000109',
    appId: 'wxd678efh567hg6787',
    merchantSerial: '5157F09EFDC096DE15EBE81A47057A7232F1B8E1',
    merchantPrivateKeyPem: merchant.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    apiV3Key: APIV3_KEY,
    platformKeyPem: platform.publicKey.export({ type: 'spki', format: 'pem' }) as string,
    platformKeyId: PLATFORM.serial,
  };

  test('signs each request with WECHATPAY2-SHA256-RSA2048 over method, path, timestamp, nonce and body', async () => {
    const sent: HttpRequest[] = [];
    const adapter = new WechatPayProvider(settings, async (r) => {
      sent.push(r);
      const body = JSON.stringify({ code_url: 'weixin://wxpay/bizpayurl?pr=abc' });
      return { status: 200, headers: platformSigned(body), body };
    });
    const started = await adapter.createPayment({
      paymentId: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      orderNo: 'DD20260301-0001',
      subject: 'CA 数字证书 × 1',
      amountFen: 60000,
      notifyUrl: 'https://bpm.example.cn/api/v1/payments/notify/wechatpay',
      returnUrl: 'https://bpm.example.cn/',
    });
    expect(started.codeUrl).toBe('weixin://wxpay/bizpayurl?pr=abc');
    const [r] = sent;
    expect(r.url).toBe('https://api.mch.weixin.qq.com/v3/pay/transactions/native');
    expect(JSON.parse(r.body)).toMatchObject({
      mchid: settings.mchId,
      appid: settings.appId,
      out_trade_no: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6',
      amount: { total: 60000, currency: 'CNY' },
    });
    const m =
      /^WECHATPAY2-SHA256-RSA2048 mchid="(\d+)",serial_no="(\w+)",timestamp="(\d+)",nonce_str="(\w+)",signature="([^"]+)"$/.exec(
        r.headers.Authorization,
      );
    expect(m).not.toBeNull();
    const [, mchid, serial, timestamp, nonce, signature] = m!;
    expect([mchid, serial]).toEqual([settings.mchId, settings.merchantSerial]);
    const message = `POST\n/v3/pay/transactions/native\n${timestamp}\n${nonce}\n${r.body}\n`;
    expect(createVerify('RSA-SHA256').update(message).verify(merchant.publicKey, signature, 'base64')).toBe(true);
  });

  test('an answer the platform did not sign is thrown away', async () => {
    const adapter = new WechatPayProvider(settings, async () => {
      const body = JSON.stringify({ code_url: 'weixin://wxpay/bizpayurl?pr=evil' });
      return { status: 200, headers: platformSigned('{}'), body };
    });
    await expect(
      adapter.createPayment({
        paymentId: 'p0000001',
        orderNo: 'x',
        subject: 's',
        amountFen: 1,
        notifyUrl: 'https://x/n',
        returnUrl: 'https://x/',
      }),
    ).rejects.toThrow('bad_signature');
  });

  test('reads a signed, sealed notification; refuses a tampered one and another merchant’s', () => {
    const adapter = new WechatPayProvider(settings);
    const tx = {
      appid: settings.appId,
      mchid: settings.mchId,
      out_trade_no: 'a1b2c3d4e5f6',
      transaction_id: '4200000985202603011234567890',
      trade_type: 'NATIVE',
      trade_state: 'SUCCESS',
      success_time: '2026-03-01T10:00:05+08:00',
      amount: { total: 60000, payer_total: 60000, currency: 'CNY', payer_currency: 'CNY' },
    };
    const notify = (t: object) => {
      const body = JSON.stringify({
        id: 'EV-1',
        event_type: 'TRANSACTION.SUCCESS',
        resource: sealed(JSON.stringify(t)),
      });
      return { headers: platformSigned(body), body };
    };
    const good = notify(tx);
    expect(adapter.verifyNotification(good.headers, good.body)).toEqual<PaymentNotice>({
      valid: true,
      outTradeNo: 'a1b2c3d4e5f6',
      tradeNo: '4200000985202603011234567890',
      amountFen: 60000,
      status: 'TRADE_SUCCESS',
      paidAt: '2026-03-01T02:00:05.000Z',
    });
    const tampered = good.body.replace('"EV-1"', '"EV-2"');
    expect(adapter.verifyNotification(good.headers, tampered)).toEqual({ valid: false, reason: 'bad_signature' });
    const other = notify({ ...tx, mchid: '1900000000' });
    expect(adapter.verifyNotification(other.headers, other.body)).toEqual({ valid: false, reason: 'wrong_mchid' });
    // Signed by the platform, but sealed with a key other than ours.
    const wrongKey = JSON.stringify({
      resource: { ...sealed('{}'), ciphertext: randomBytes(40).toString('base64') },
    });
    expect(adapter.verifyNotification(platformSigned(wrongKey), wrongKey)).toEqual({
      valid: false,
      reason: 'undecryptable_resource',
    });
  });
});

describe('the adapter against the simulator playing WeChat Pay', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wechatpay-'));
  const sim = WechatPaySimulator.open(path.join(tmp, 'sim'), 'http://localhost:3000');
  const adapter = new WechatPayProvider(sim.settings(), sim.transport);
  const payment = {
    paymentId: randomBytes(16).toString('hex'),
    orderNo: 'DD20260301-0002',
    subject: 'CA 数字证书 × 1',
    amountFen: 60000,
    notifyUrl: 'http://localhost:3000/api/v1/payments/notify/wechatpay',
    returnUrl: 'http://localhost:3000/',
  };

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('keeps its private keys and the APIv3 key readable by the owner only', () => {
    for (const f of ['merchant.key', 'platform.key', 'apiv3.key'])
      expect(fs.statSync(path.join(tmp, 'sim', f)).mode & 0o077).toBe(0);
  });

  test('a Native order is paid, notified, queried and refunded once per refund number', async () => {
    const { codeUrl } = await adapter.createPayment(payment);
    expect(codeUrl).toBe(`http://localhost:3000/api/v1/payments/simulator/${payment.paymentId}`);
    expect(await adapter.queryPayment(payment.paymentId)).toMatchObject({ valid: true, status: 'WAIT_BUYER_PAY' });

    const sent = sim.pay(payment.paymentId)!;
    const notice = adapter.verifyNotification(sent.headers, sent.body);
    expect(notice).toMatchObject({
      valid: true,
      outTradeNo: payment.paymentId,
      amountFen: 60000,
      status: 'TRADE_SUCCESS',
    });
    expect(await adapter.queryPayment(payment.paymentId)).toEqual(notice);

    const refund = {
      refundId: '0f8c1f8e-1111-4a4a-9b9b-222233334444',
      paymentId: payment.paymentId,
      amountFen: 60000,
      totalFen: 60000,
      reason: '重复付款',
    };
    const first = await adapter.refund(refund);
    expect(first).toMatchObject({ accepted: true, providerStatus: 'SUCCESS', providerRefundId: expect.any(String) });
    expect(await adapter.refund(refund)).toEqual(first);
    expect(outRefundNo(refund.refundId)).toBe('RF0f8c1f8e11114a4a9b9b222233334444');
    expect(await adapter.refund({ ...refund, refundId: '0f8c1f8e-1111-4a4a-9b9b-555566667777' })).toEqual({
      accepted: false,
      providerRefundId: null,
      providerStatus: 'INVALID_REQUEST',
    });
  });

  test('an unknown order is answered as such', async () => {
    expect(await adapter.queryPayment('nosuchtrade')).toEqual({ valid: false, reason: 'order_not_exist' });
  });

  test('a request signed with a key other than the merchant’s is refused by the simulator', async () => {
    const stranger = new WechatPayProvider(
      {
        ...sim.settings(),
        merchantPrivateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
          type: 'pkcs8',
          format: 'pem',
        }) as string,
      },
      sim.transport,
    );
    await expect(stranger.createPayment({ ...payment, paymentId: randomBytes(16).toString('hex') })).rejects.toThrow(
      '401 SIGN_ERROR',
    );
  });

  test('a notification from another simulator (another platform key) is refused', () => {
    const other = WechatPaySimulator.open(path.join(tmp, 'other'), 'http://localhost:3000');
    const tx = {
      appid: WECHATPAY_SIMULATOR.appId,
      mchid: WECHATPAY_SIMULATOR.mchId,
      out_trade_no: 'abcdef',
      trade_state: 'SUCCESS',
      transaction_id: '42',
      amount: { total: 1 },
    };
    const n = other.notification(tx);
    expect(adapter.verifyNotification(n.headers, n.body).valid).toBe(false);
  });
});

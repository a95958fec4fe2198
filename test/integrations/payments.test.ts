/** Payments: money in fen, Alipay's RSA2 scheme, the simulator, and the Alipay adapter (real alipay-sdk, no network). */
import { createVerify, generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlipayProvider } from '../../integrations/payments/alipay';
import { fenToYuan, yuanToFen } from '../../integrations/payments/money';
import { parseAlipayTime, type PaymentNotice } from '../../integrations/payments/ports';
import { signContent, signRsa2, verifyRsa2 } from '../../integrations/payments/rsa2';
import { PaymentSimulator } from '../../integrations/payments/simulator';

function rsaPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
    pkcs1Pem: privateKey.export({ type: 'pkcs1', format: 'pem' }) as string,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
  };
}

const alipayKeys = rsaPair();
const appKeys = rsaPair();
const APP_ID = '2021004100000001';

/** An Alipay-style notification for our app, signed with the stand-in for Alipay's key. */
function alipayNotification(
  overrides: Record<string, string> = {},
  key = alipayKeys.privateKeyPem,
): Record<string, string> {
  const params: Record<string, string> = {
    notify_time: '2026-03-01 10:00:05',
    notify_type: 'trade_status_sync',
    notify_id: 'ac05099524730693a8b330c5ecf72da9786',
    app_id: APP_ID,
    charset: 'utf-8',
    version: '1.0',
    sign_type: 'RSA2',
    trade_no: '2026030122001400000000000001',
    out_trade_no: 'pay_0001',
    trade_status: 'TRADE_SUCCESS',
    total_amount: '600.00',
    subject: '机构证书 × 2 (50% off & more=yes)',
    gmt_payment: '2026-03-01 10:00:00',
    ...overrides,
  };
  return { ...params, sign: signRsa2(params, key) };
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payments-test-'));
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('money', () => {
  test('yuan text becomes exact integer fen', () => {
    expect(yuanToFen('600')).toBe(60000);
    expect(yuanToFen('600.5')).toBe(60050);
    expect(yuanToFen('600.50')).toBe(60050);
    expect(yuanToFen('0.01')).toBe(1);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('1234567.89')).toBe(123456789);
  });

  test('negatives, more than 2 decimals and non-numbers are refused', () => {
    for (const bad of [
      '-1',
      '-0.01',
      '1.234',
      '0.001',
      'abc',
      '',
      ' 1',
      '1 ',
      '.5',
      '1.',
      '1e3',
      '+1',
      'NaN',
      'Infinity',
      '1,000.00',
      '99999999999999999999',
    ]) {
      expect(() => yuanToFen(bad)).toThrow(RangeError);
    }
  });

  test('fen become yuan text with two decimals; fractional or negative fen are refused', () => {
    expect(fenToYuan(60000)).toBe('600.00');
    expect(fenToYuan(60050)).toBe('600.50');
    expect(fenToYuan(1)).toBe('0.01');
    expect(fenToYuan(0)).toBe('0.00');
    for (const bad of [1.5, -1, Number.NaN]) expect(() => fenToYuan(bad)).toThrow(RangeError);
  });
});

describe('RSA2', () => {
  test('the signed string leaves out sign, sign_type and empty values, sorts keys, and does not URL-encode', () => {
    expect(signContent({ b: '2', sign: 'x', a: 'x y&z=1', sign_type: 'RSA2', c: '', d: '中文' })).toBe(
      'a=x y&z=1&b=2&d=中文',
    );
  });

  test('a signature verifies with the matching public key, in any parameter order', () => {
    const params = alipayNotification();
    expect(verifyRsa2(params, alipayKeys.publicKeyPem)).toBe(true);
    const reversed = Object.fromEntries(Object.entries(params).reverse());
    expect(verifyRsa2(reversed, alipayKeys.publicKeyPem)).toBe(true);
  });

  test('a tampered amount, status or trade number fails verification', () => {
    const params = alipayNotification();
    for (const [field, value] of [
      ['total_amount', '0.01'],
      ['trade_status', 'TRADE_FINISHED'],
      ['out_trade_no', 'pay_0002'],
      ['subject', '其他'],
    ]) {
      expect(verifyRsa2({ ...params, [field]: value }, alipayKeys.publicKeyPem)).toBe(false);
    }
    expect(verifyRsa2({ ...params, extra: 'added' }, alipayKeys.publicKeyPem)).toBe(false);
  });

  test('a missing, forged or garbled sign, another sign_type or a bad key fails without throwing', () => {
    const { sign, ...unsigned } = alipayNotification();
    expect(verifyRsa2(unsigned, alipayKeys.publicKeyPem)).toBe(false);
    expect(verifyRsa2(alipayNotification({}, rsaPair().privateKeyPem), alipayKeys.publicKeyPem)).toBe(false);
    expect(verifyRsa2({ ...unsigned, sign: 'not base64 at all!' }, alipayKeys.publicKeyPem)).toBe(false);
    expect(verifyRsa2({ ...unsigned, sign, sign_type: 'RSA' }, alipayKeys.publicKeyPem)).toBe(false);
    expect(verifyRsa2({ ...unsigned, sign }, 'not a key')).toBe(false);
  });
});

describe('payment simulator', () => {
  const trade = {
    outTradeNo: 'pay_0001',
    tradeNo: 'SIM0001',
    amountFen: 60001,
    status: 'TRADE_SUCCESS' as const,
    paidAt: '2026-03-01T02:00:00.000Z',
  };

  test('its key pair is created once, the private key readable by its owner only, and reused', () => {
    const dir = path.join(tmp, 'sim-reuse');
    const first = PaymentSimulator.open(dir, 'http://localhost:3000');
    const pub = fs.readFileSync(path.join(dir, 'simulator.pub'), 'utf8');
    expect(fs.statSync(path.join(dir, 'simulator.key')).mode & 0o777).toBe(0o600);
    const second = PaymentSimulator.open(dir, 'http://localhost:3000');
    expect(fs.readFileSync(path.join(dir, 'simulator.pub'), 'utf8')).toBe(pub);
    expect(second.verifyNotification(first.notification(trade)).valid).toBe(true);
  });

  test('createPayment answers the simulator page of the payment', async () => {
    const sim = PaymentSimulator.open(path.join(tmp, 'sim-url'), 'http://localhost:3000/');
    const { payUrl } = await sim.createPayment({
      paymentId: 'pay_0001',
      orderNo: 'CA2026030100001',
      subject: '机构证书',
      amountFen: 60000,
      notifyUrl: 'http://n',
      returnUrl: 'http://r',
    });
    expect(payUrl).toBe('http://localhost:3000/api/v1/payments/simulator/pay_0001');
  });

  test('its notifications are complete, RSA2-signed, and verify with exact fen amounts', () => {
    const sim = PaymentSimulator.open(path.join(tmp, 'sim'), 'http://localhost:3000');
    const params = sim.notification(trade);
    expect(params).toMatchObject({
      app_id: 'simulator',
      sign_type: 'RSA2',
      notify_type: 'trade_status_sync',
      total_amount: '600.01',
      gmt_payment: '2026-03-01 10:00:00',
      out_trade_no: 'pay_0001',
    });
    expect(parseAlipayTime(params.notify_time)).not.toBeNull();
    expect(params.notify_id).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.verifyNotification(params)).toEqual<PaymentNotice>({
      valid: true,
      outTradeNo: 'pay_0001',
      tradeNo: 'SIM0001',
      amountFen: 60001,
      status: 'TRADE_SUCCESS',
      paidAt: '2026-03-01T02:00:00.000Z',
    });
    expect(
      sim.verifyNotification(sim.notification({ ...trade, amountFen: 1, status: 'WAIT_BUYER_PAY', paidAt: undefined })),
    ).toMatchObject({ valid: true, amountFen: 1, paidAt: null });
    expect(sim.verifyNotification({ ...params, total_amount: '6000.10' })).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
  });

  test('a notification from another simulator (another key) is refused', () => {
    const ours = PaymentSimulator.open(path.join(tmp, 'sim'), 'http://localhost:3000');
    const theirs = PaymentSimulator.open(path.join(tmp, 'sim-other'), 'http://localhost:3000');
    expect(ours.verifyNotification(theirs.notification(trade))).toEqual({ valid: false, reason: 'bad_signature' });
  });
});

describe('Alipay adapter', () => {
  const alipay = new AlipayProvider({
    appId: APP_ID,
    privateKeyPem: appKeys.privateKeyPem,
    alipayPublicKeyPem: alipayKeys.publicKeyPem,
  });

  test('a notification signed with the Alipay key verifies through alipay-sdk and reads in fen and UTC', () => {
    expect(alipay.verifyNotification(alipayNotification())).toEqual<PaymentNotice>({
      valid: true,
      outTradeNo: 'pay_0001',
      tradeNo: '2026030122001400000000000001',
      amountFen: 60000,
      status: 'TRADE_SUCCESS',
      paidAt: '2026-03-01T02:00:00.000Z',
    });
  });

  test('a wrong app_id, a tampered amount, another signer or a SHA-1 sign_type is refused', () => {
    expect(alipay.verifyNotification(alipayNotification({ app_id: '2021009999999999' }))).toEqual({
      valid: false,
      reason: 'wrong_app_id',
    });
    expect(alipay.verifyNotification({ ...alipayNotification(), total_amount: '0.01' })).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
    expect(alipay.verifyNotification(alipayNotification({}, appKeys.privateKeyPem))).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
    expect(alipay.verifyNotification({ ...alipayNotification(), sign_type: 'RSA' })).toEqual({
      valid: false,
      reason: 'bad_signature',
    });
  });

  test('a signed notification with an unknown status or a malformed amount is refused', () => {
    expect(alipay.verifyNotification(alipayNotification({ trade_status: 'TRADE_PENDING' }))).toEqual({
      valid: false,
      reason: 'unknown_trade_status',
    });
    expect(alipay.verifyNotification(alipayNotification({ total_amount: '600.001' }))).toEqual({
      valid: false,
      reason: 'bad_total_amount',
    });
  });

  test('createPayment builds a signed gateway URL with out_trade_no, total_amount 600.00 and a Beijing-time timestamp', async () => {
    const gateway = 'https://openapi-sandbox.dl.alipaydev.com/gateway.do';
    const pkcs1 = new AlipayProvider({
      appId: APP_ID,
      privateKeyPem: appKeys.pkcs1Pem,
      alipayPublicKeyPem: alipayKeys.publicKeyPem,
      gateway,
    });
    const { payUrl } = await pkcs1.createPayment({
      paymentId: 'pay_0001',
      orderNo: 'CA2026030100001',
      subject: '机构证书 × 2',
      amountFen: 60000,
      notifyUrl: 'https://bpm.example.com/api/v1/payments/notify/alipay',
      returnUrl: 'https://bpm.example.com/r',
    });

    const url = new URL(payUrl);
    expect(`${url.origin}${url.pathname}`).toBe(gateway);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      method: 'alipay.trade.page.pay',
      app_id: APP_ID,
      sign_type: 'RSA2',
      charset: 'utf-8',
      notify_url: 'https://bpm.example.com/api/v1/payments/notify/alipay',
      return_url: 'https://bpm.example.com/r',
    });
    expect(JSON.parse(q.biz_content)).toEqual({
      out_trade_no: 'pay_0001',
      total_amount: '600.00',
      subject: '机构证书 × 2',
      product_code: 'FAST_INSTANT_TRADE_PAY',
    });
    const sentAt = Date.parse(parseAlipayTime(q.timestamp)!);
    expect(Math.abs(sentAt - Date.now())).toBeLessThan(5 * 60_000);

    const { sign, ...signed } = q;
    const content = Object.keys(signed)
      .sort()
      .map((k) => `${k}=${signed[k]}`)
      .join('&');
    expect(createVerify('RSA-SHA256').update(content).verify(appKeys.publicKeyPem, sign, 'base64')).toBe(true);
  });
});

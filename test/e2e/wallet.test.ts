/**
 * 微信支付 and refunds through the API on the real Temporal service and PostgreSQL: an order paid with
 * WeChat Pay through the simulator playing it (the real adapter signs, verifies and decrypts), money that
 * arrives after the order was cancelled opening a refund for finance that is given back through WeChat
 * Pay, and a second online payment refunded through its provider.
 */
import path from 'node:path';
import { orderRefundWorkflowId } from '../../contracts/order-refund';
import { activeApplicant, type Applicant } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';
import { recordHistory } from '../support/replay';

let h: Harness;
let drive: ReturnType<typeof orderDriver>;
const staff: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await h.staff('adm_w', ['admin', 'operator']);
  await h.staff('ca_w', ['ca_admin']);
  await h.staff('fin_w', ['finance']);
  for (const u of ['adm_w', 'ca_w', 'fin_w']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_w, caAdmin: staff.ca_w }, 'no-station');
});

afterAll(async () => {
  await h?.close();
});

/** Starts a 微信支付 payment of the order. */
async function payWithWechat(a: Applicant, orderId: string) {
  const res = await h.http({
    method: 'POST',
    url: `/api/v1/ca/orders/${orderId}/payments`,
    token: a.token,
    payload: { wallet: 'wechatpay' },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { paymentId: string; wallet: string; codeUrl: string; payUrl: string; amountFen: number };
}

/** The payer scans and pays in the simulator: WeChat Pay's signed, sealed notification is sent. */
async function scanAndPay(paymentId: string) {
  const res = await h.http({ method: 'POST', url: `/api/v1/payments/simulator/${paymentId}/pay` });
  expect(res.statusCode).toBe(200);
  return res.json() as { notified: boolean; answer: string };
}

test('an order is paid with 微信支付: Native QR code, signed notification, paid once', async () => {
  const a = await activeApplicant(h, staff.adm_w);
  const o = await drive.placeOrder(a, 1);
  const started = await payWithWechat(a, o.id);
  expect(started).toMatchObject({ wallet: 'wechatpay', amountFen: o.totalFen });
  expect(started.codeUrl).toBe(`${h.config.http.publicUrl}/api/v1/payments/simulator/${started.paymentId}`);
  const page = await h.http({ method: 'GET', url: `/api/v1/payments/simulator/${started.paymentId}` });
  expect(page.statusCode).toBe(200);

  expect(await scanAndPay(started.paymentId)).toEqual({ notified: true, answer: '' });
  const order = await drive.waitStatus(a, o.id, 'paid');
  expect(order.paidAt).toEqual(expect.any(String));
  expect(order.payments).toEqual([
    expect.objectContaining({ id: started.paymentId, method: 'online', provider: 'wechatpay', status: 'paid' }),
  ]);

  // WeChat Pay sends a notification again until answered: the same one is a duplicate, nothing more.
  const again = h.services.wechatpaySimulator!.pay(started.paymentId)!;
  const dup = await h.http({
    method: 'POST',
    url: '/api/v1/payments/notify/wechatpay',
    headers: again.headers,
    payload: again.body,
  });
  expect(dup.statusCode).toBe(204);
  const outcomes = await h.db
    .selectFrom('payment_notifications')
    .select('outcome')
    .where('out_trade_no', '=', started.paymentId)
    .orderBy('id')
    .execute();
  expect(outcomes.map((n) => n.outcome)).toEqual(['applied', 'duplicate']);
});

test('a tampered WeChat Pay notification is refused and changes nothing', async () => {
  const a = await activeApplicant(h, staff.adm_w);
  const o = await drive.placeOrder(a, 1);
  const { paymentId } = await payWithWechat(a, o.id);
  const sent = h.services.wechatpaySimulator!.pay(paymentId)!;
  const tampered = sent.body.replace('"TRANSACTION.SUCCESS"', '"TRANSACTION.SUCCESS" ');
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/payments/notify/wechatpay',
    headers: sent.headers,
    payload: tampered,
  });
  expect(res.statusCode).toBe(400);
  expect(res.json().error).toMatchObject({
    code: 'NOTIFICATION_REFUSED',
    message: { en: 'Notification refused: invalid: bad_signature' },
  });
  const order = await drive.order(a, o.id);
  expect(order).toMatchObject({ status: 'unpaid', paidAt: null });
  expect(order.payments).toEqual([expect.objectContaining({ id: paymentId, status: 'pending' })]);
});

test('an unknown wallet is refused naming the field, and no payment is started', async () => {
  const a = await activeApplicant(h, staff.adm_w);
  const o = await drive.placeOrder(a, 1);
  const res = await h.http({
    method: 'POST',
    url: `/api/v1/ca/orders/${o.id}/payments`,
    token: a.token,
    payload: { wallet: 'tenpay' },
  });
  expect(res.statusCode).toBe(400);
  expect(res.json().error.fields).toEqual([expect.objectContaining({ field: 'wallet' })]);
  expect((await drive.order(a, o.id)).payments).toEqual([]);
});

test('money that arrives after the order was cancelled opens a refund that finance gives back through WeChat Pay', async () => {
  const a = await activeApplicant(h, staff.adm_w);
  const o = await drive.placeOrder(a, 1);
  const { paymentId } = await payWithWechat(a, o.id);
  expect((await h.http({ method: 'DELETE', url: `/api/v1/ca/orders/${o.id}`, token: a.token })).statusCode).toBe(204);
  expect(await h.client.workflow.getHandle(o.processId).result()).toBe('cancelled');

  // The payer had the QR code open and paid anyway.
  expect(await scanAndPay(paymentId)).toEqual({ notified: true, answer: '' });
  const refundProcess = orderRefundWorkflowId(paymentId);
  const task = await drive.taskFor(refundProcess, 'order.refund', staff.fin_w);
  const seen = async () =>
    (await h.http({ method: 'GET', url: `/api/v1/ca/orders/${o.id}`, token: staff.fin_w })).json();
  expect((await seen()).refunds).toEqual([
    expect.objectContaining({
      paymentId,
      amountFen: o.totalFen,
      status: 'open',
      reason: expect.stringContaining('取消'),
    }),
  ]);

  const decided = await drive.decide(staff.fin_w, task.id, { outcome: 'refunded', comment: '原路退回' });
  expect(decided.statusCode).toBe(200);
  expect(await h.client.workflow.getHandle(refundProcess).result()).toBe('refunded');
  const [refund] = (await seen()).refunds;
  expect(refund).toMatchObject({
    status: 'refunded',
    comment: '原路退回',
    providerStatus: 'SUCCESS',
    providerRefundId: expect.stringMatching(/^5030\d+/),
  });
  await recordHistory(h.client, refundProcess, 'order-refund/wechatpay-after-cancellation');
});

test('a second online payment is given back through its provider once finance decides the refund', async () => {
  const a = await activeApplicant(h, staff.adm_w);
  const o = await drive.placeOrder(a, 1);
  const first = await drive.payOnline(a, o.id);
  const second = await drive.payOnline(a, o.id);
  expect((await drive.notify(first.notice)).body).toBe('success');
  await drive.waitStatus(a, o.id, 'paid');
  expect((await drive.notify(second.notice)).body).toBe('success');
  const task = await drive.taskFor(o.processId, 'order.refund', staff.fin_w);
  expect((await drive.decide(staff.fin_w, task.id, { outcome: 'refunded' })).statusCode).toBe(200);
  const order = await eventually(async () => {
    const view = await drive.order(a, o.id);
    return view.refunds[0]?.status === 'refunded' ? view : undefined;
  }, 'the refund made through the provider');
  expect(order.refunds).toEqual([
    expect.objectContaining({
      paymentId: second.paymentId,
      providerStatus: 'SUCCESS',
      providerRefundId: expect.stringMatching(/^SIMRF/),
    }),
  ]);
  await recordHistory(h.client, o.processId, 'certificate-order/paid-twice-refunded-through-provider');
  expect((await h.http({ method: 'DELETE', url: `/api/v1/ca/orders/${o.id}`, token: a.token })).statusCode).toBe(409);
  await drive.submitMaterials(a, o.id);
  await drive.waitStatus(a, o.id, 'in_review');
  const review = await drive.taskFor(o.processId, 'order.review', staff.ca_w);
  expect(review.kind).toBe('order.review');
});

/**
 * Money after the payment window: an order left unpaid past ORDER_PAYMENT_WINDOW is cancelled; a 微信支付
 * payment that arrives afterwards opens a refund for finance, which the applicant sees on the order and
 * finance gives back through WeChat Pay (real Temporal, PostgreSQL, the simulator playing WeChat Pay).
 */
import path from 'node:path';
import { orderRefundWorkflowId } from '../../contracts/order-refund';
import { activeApplicant } from '../support/enterprise';
import { bundle, startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';

let h: Harness;
let drive: ReturnType<typeof orderDriver>;
const staff: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    env: { ORDER_PAYMENT_WINDOW: '3s' },
  });
  await h.staff('adm_x', ['admin', 'operator']);
  await h.staff('ca_x', ['ca_admin']);
  await h.staff('fin_x', ['finance']);
  for (const u of ['adm_x', 'ca_x', 'fin_x']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_x, caAdmin: staff.ca_x }, 'no-station');
});

afterAll(async () => {
  await h?.close();
});

test('a WeChat Pay payment after the order expired unpaid is refunded through WeChat Pay, shown on the order', async () => {
  const a = await activeApplicant(h, staff.adm_x);
  const o = await drive.placeOrder(a, 1);
  const res = await h.http({
    method: 'POST',
    url: `/api/v1/ca/orders/${o.id}/payments`,
    token: a.token,
    payload: { wallet: 'wechatpay' },
  });
  expect(res.statusCode).toBe(201);
  const { paymentId } = res.json();
  expect(await h.client.workflow.getHandle(o.processId).result()).toBe('cancelled');
  expect((await drive.order(a, o.id)).status).toBe('cancelled');

  const paid = await h.http({ method: 'POST', url: `/api/v1/payments/simulator/${paymentId}/pay` });
  expect(paid.json()).toEqual({ notified: true, answer: '' });
  const task = await drive.taskFor(orderRefundWorkflowId(paymentId), 'order.refund', staff.fin_x);
  const view = await drive.order(a, o.id);
  expect(view.status).toBe('cancelled');
  expect(view.payments).toEqual([expect.objectContaining({ id: paymentId, provider: 'wechatpay', status: 'paid' })]);
  expect(view.refunds).toEqual([expect.objectContaining({ paymentId, status: 'open' })]);

  expect((await drive.decide(staff.fin_x, task.id, { outcome: 'refunded' })).statusCode).toBe(200);
  expect(await h.client.workflow.getHandle(orderRefundWorkflowId(paymentId)).result()).toBe('refunded');
  expect((await drive.order(a, o.id)).refunds).toEqual([
    expect.objectContaining({ status: 'refunded', providerStatus: 'SUCCESS', providerRefundId: expect.any(String) }),
  ]);
});

/**
 * Paying an order through the API on the real Temporal service and PostgreSQL: the payment time of every
 * paid order, one payment per order (the first money confirmed wins, the other is refunded by finance and
 * shown in the order), and finance's check of a transfer's amount.
 */
import path from 'node:path';
import { activeApplicant, SCANS, type Applicant } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';

let h: Harness;
let drive: ReturnType<typeof orderDriver>;
const staff: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await h.staff('adm_p', ['admin', 'operator']);
  await h.staff('ca_p', ['ca_admin']);
  await h.staff('fin_p', ['finance']);
  for (const u of ['adm_p', 'ca_p', 'fin_p']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_p, caAdmin: staff.ca_p }, 'no-station');
});

afterAll(async () => {
  await h?.close();
});

/** Reports a bank transfer of the amount due; answers the transfer check finance receives. */
async function reportTransfer(a: Applicant, o: { id: string; processId: string; totalFen: number }) {
  const slip = await drive.upload(a, o.id, 'remittance_slip', SCANS.jpeg);
  const res = await h.http({
    method: 'POST',
    url: `/api/v1/ca/orders/${o.id}/payments/bank-transfer`,
    token: a.token,
    payload: { slipAttachmentId: slip.id, amountFen: o.totalFen },
  });
  expect(res.statusCode).toBe(202);
  return drive.taskFor(o.processId, 'order.bank_transfer', staff.fin_p);
}

describe('payment time', () => {
  test('an order whose materials were submitted before it was paid online has its paidAt', async () => {
    const a = await activeApplicant(h, staff.adm_p);
    const o = await drive.placeOrder(a, 1);
    await drive.submitMaterials(a, o.id);
    await drive.notify((await drive.payOnline(a, o.id)).notice);
    const order = await drive.waitStatus(a, o.id, 'in_review');
    expect(order.paidAt).toEqual(expect.any(String));
  });
});

describe('finance checks a transfer', () => {
  test('confirming an amount other than the one due is refused, naming the amount, and changes nothing', async () => {
    const a = await activeApplicant(h, staff.adm_p);
    const o = await drive.placeOrder(a, 1);
    const check = await reportTransfer(a, o);
    const res = await drive.decide(staff.fin_p, check.id, {
      outcome: 'confirm',
      fields: { receivedFen: String(o.totalFen - 1) },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      {
        field: 'fields.receivedFen',
        code: 'amount_mismatch',
        message: { zh: expect.stringContaining(String(o.totalFen)), en: expect.stringContaining(String(o.totalFen)) },
      },
    ]);
    const order = await drive.order(a, o.id);
    expect(order).toMatchObject({ status: 'unpaid', paidAt: null });
    expect(order.payments).toEqual([expect.objectContaining({ method: 'bank_transfer', status: 'pending' })]);
  });
});

describe('an order is paid once', () => {
  test('paid online while finance checks a transfer: the transfer is not confirmed and finance is asked to refund it', async () => {
    const a = await activeApplicant(h, staff.adm_p);
    const o = await drive.placeOrder(a, 1);
    const check = await reportTransfer(a, o);
    const { paymentId } = await drive.payOnline(a, o.id).then(async (p) => {
      expect((await drive.notify(p.notice)).body).toBe('success');
      return p;
    });
    const order = await drive.waitStatus(a, o.id, 'paid');
    expect(order.paidAt).toEqual(expect.any(String));

    const late = await drive.decide(staff.fin_p, check.id, {
      outcome: 'confirm',
      fields: { receivedFen: String(o.totalFen) },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message.en).toContain('paid online');
    expect(late.json().error.message.zh).toContain('在线支付');

    const refund = await drive.taskFor(o.processId, 'order.refund', staff.fin_p);
    const shown = await eventually(async () => {
      const view = await drive.order(a, o.id);
      return view.refunds.length === 1 ? view : undefined;
    }, 'the refund in the order');
    expect(shown.payments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: paymentId, method: 'online', status: 'paid' }),
        expect.objectContaining({ method: 'bank_transfer', status: 'refused' }),
      ]),
    );
    expect(shown.refunds).toEqual([expect.objectContaining({ amountFen: o.totalFen, status: 'open' })]);

    expect(
      (await drive.decide(staff.fin_p, refund.id, { outcome: 'refunded', comment: '已退回汇款账户' })).statusCode,
    ).toBe(200);
    await eventually(
      async () => (await drive.order(a, o.id)).refunds[0].status === 'refunded',
      'the refund recorded as made',
    );
  });

  test('paid online twice: the second payment is refunded through a task for finance, shown in the order', async () => {
    const a = await activeApplicant(h, staff.adm_p);
    const o = await drive.placeOrder(a, 1);
    const first = await drive.payOnline(a, o.id);
    const second = await drive.payOnline(a, o.id);
    expect((await drive.notify(first.notice)).body).toBe('success');
    await drive.waitStatus(a, o.id, 'paid');
    expect((await drive.notify(second.notice)).body).toBe('success');
    await drive.taskFor(o.processId, 'order.refund', staff.fin_p);
    const order = await eventually(async () => {
      const view = await drive.order(a, o.id);
      return view.refunds.length === 1 ? view : undefined;
    }, 'the refund in the order');
    expect(order.refunds).toEqual([
      expect.objectContaining({ paymentId: second.paymentId, amountFen: o.totalFen, status: 'open' }),
    ]);
    expect(order.paidAt).toEqual(expect.any(String));
  });
});

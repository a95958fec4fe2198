/**
 * The delivery of an order's UKeys (物流信息, 我的签收) end to end on the real Temporal service, PostgreSQL and
 * SoftHSM2: once every UKey is made the order asks a CA administrator to dispatch them; the dispatch form
 * refuses a carrier not offered and a tracking number not in the carrier's format (naming the field, in
 * both languages); the handler is told by SMS and email once (a retried decision sends nothing again);
 * the applicant confirms receipt under 我的签收, which is refused before dispatch, for another enterprise's
 * order, and to staff. And: UKeys set aside for pickup at the desk.
 * (Receipt confirmed by itself after the configured days: test/workflows/delivery.test.ts, time skipped.)
 */
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { createLogger } from '../../platform/logger';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { activeApplicant, outbox } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { orderDriver, type Task } from '../support/orders';
import { recordHistory } from '../support/replay';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

const STATION = 'delivery-station';
let h: Harness;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
let drive: ReturnType<typeof orderDriver>;
const staff: Record<string, string> = {};
type Applicant = Awaited<ReturnType<typeof activeApplicant>>;

beforeAll(async () => {
  hsm = await createSoftHsm(4);
  h = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    env: { STATION_ID: STATION, PKCS11_MODULE: hsm.modulePath, TOKEN_FACTORY_PIN: hsm.factoryPin },
  });
  connection = await NativeConnection.connect({ address: h.config.temporal.address });
  station = await createTokenStation({
    config: h.config,
    db: h.db,
    secrets: h.services.secrets,
    ca: h.services.ca,
    connection,
    logger: createLogger('silent'),
  });
  void station.run();
  await h.staff('adm_d', ['admin', 'operator']);
  await h.staff('ca_d', ['ca_admin']);
  await h.staff('fin_d', ['finance']);
  for (const u of ['adm_d', 'ca_d', 'fin_d']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_d, caAdmin: staff.ca_d }, STATION);
});

afterAll(async () => {
  await station?.stop();
  await connection?.close();
  await h?.close();
  await hsm?.cleanup();
});

const receipt = (token: string, orderId: string, key?: string) =>
  h.http({
    method: 'POST',
    url: `/api/v1/ca/orders/${orderId}/receipt`,
    token,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

const deliveryOf = async (a: Applicant, orderId: string) => (await drive.order(a, orderId)).delivery;

describe('UKeys dispatched by courier, receipt confirmed by the applicant', () => {
  let a: Applicant;
  let other: Applicant;
  let o: { id: string; processId: string; orderNo: string };
  let dispatch: Task;

  test('once every UKey is made the order is completed and waits for a CA administrator to dispatch them', async () => {
    a = await activeApplicant(h, staff.adm_d);
    other = await activeApplicant(h, staff.adm_d);
    ({ order: o } = await drive.madeUKeys(a, [hsm.serials[0]]));
    await drive.waitStatus(a, o.id, 'completed');
    dispatch = await drive.taskFor(o.processId, 'order.dispatch', staff.ca_d);
    const task = (await h.http({ method: 'GET', url: `/api/v1/tasks/${dispatch.id}`, token: staff.ca_d })).json();
    expect(task.candidateRole).toBe('ca_admin');
    expect(task.outcomeOptions.map((x: { code: string; label: { zh: string } }) => [x.code, x.label.zh])).toEqual([
      ['dispatch', '发货'],
      ['pickup', '客户自取'],
    ]);
    const carrier = task.form.find((f: { name: string }) => f.name === 'carrier');
    expect(carrier.choiceLabels[0]).toEqual({ zh: '顺丰速运', en: 'SF Express' });
    expect(await deliveryOf(a, o.id)).toMatchObject({ status: 'awaiting_dispatch', carrier: null });
    expect((await drive.order(a, o.id)).step).toBe('发货');
  });

  test('receipt cannot be confirmed before the UKeys are dispatched', async () => {
    const early = await receipt(a.token, o.id);
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({
      code: 'NOT_DISPATCHED',
      message: { zh: 'UKey 尚未发货，不能签收' },
    });
    expect(await deliveryOf(a, o.id)).toMatchObject({ status: 'awaiting_dispatch', receivedAt: null });
  });

  test('the dispatch is refused to other roles and to the enterprise, and with a bad carrier or tracking number', async () => {
    const fields = { carrier: 'sf_express', trackingNo: 'SF1234567890123' };
    const asFinance = await drive.decide(staff.fin_d, dispatch.id, { outcome: 'dispatch', fields });
    // Neither finance nor the enterprise holds the task: for them it does not exist.
    expect(asFinance.statusCode).toBe(404);
    const asApplicant = await drive.decide(a.token, dispatch.id, { outcome: 'dispatch', fields });
    expect(asApplicant.statusCode).toBe(404);

    const badNumber = await drive.decide(staff.ca_d, dispatch.id, {
      outcome: 'dispatch',
      fields: { carrier: 'sf_express', trackingNo: 'SF12345' },
    });
    expect(badNumber.statusCode).toBe(400);
    expect(badNumber.json().error.fields).toEqual([
      {
        field: 'fields.trackingNo',
        code: 'format',
        message: {
          zh: '运单号格式不正确，应为：SF 加 13 位数字，或 12 位数字',
          en: 'Tracking number is not in the right format: SF and 13 digits, or 12 digits',
        },
      },
    ]);
    const unknownCarrier = await drive.decide(staff.ca_d, dispatch.id, {
      outcome: 'dispatch',
      fields: { carrier: 'pigeon', trackingNo: '123456789012' },
    });
    expect(unknownCarrier.statusCode).toBe(400);
    expect(unknownCarrier.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['fields.carrier']);
    const missing = await drive.decide(staff.ca_d, dispatch.id, { outcome: 'dispatch', fields: {} });
    expect(missing.json().error.fields.map((f: { field: string }) => f.field)).toEqual([
      'fields.carrier',
      'fields.trackingNo',
    ]);
    // Nothing changed by the refusals.
    expect(await deliveryOf(a, o.id)).toMatchObject({ status: 'awaiting_dispatch' });
    const open = (await h.http({ method: 'GET', url: `/api/v1/tasks/${dispatch.id}`, token: staff.ca_d })).json();
    expect(open.status).toBe('open');
  });

  test('dispatched with SF Express: the handler is told once by SMS and email, even when the decision is retried', async () => {
    const body = { outcome: 'dispatch', fields: { carrier: 'sf_express', trackingNo: 'SF1234567890123' } };
    const send = () =>
      h.http({
        method: 'POST',
        url: `/api/v1/tasks/${dispatch.id}/complete`,
        token: staff.ca_d,
        headers: { 'idempotency-key': `dispatch-${o.id}` },
        payload: body,
      });
    const first = await send();
    expect(first.statusCode).toBe(200);
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());

    const delivery = await eventually(async () => {
      const d = await deliveryOf(a, o.id);
      return d?.status === 'dispatched' ? d : undefined;
    }, 'the delivery dispatched');
    expect(delivery).toMatchObject({
      method: 'courier',
      carrier: 'sf_express',
      carrierLabel: { zh: '顺丰速运', en: 'SF Express' },
      trackingNo: 'SF1234567890123',
      receivedAt: null,
    });
    expect(Date.parse(delivery.autoConfirmAt) - Date.parse(delivery.dispatchedAt)).toBe(7 * 86_400_000);

    const handler = (await drive.order(a, o.id)).registration.handler;
    const sent = (to: string) =>
      eventually(async () => {
        const found = (await outbox(h, staff.adm_d, to)).filter((m) => m.body.includes('SF1234567890123'));
        return found.length > 0 ? found : undefined;
      }, `the dispatch message to ${to}`);
    const sms = await sent(handler.mobile);
    expect(sms.map((m) => m.channel)).toEqual(['sms']);
    expect(sms[0].body).toContain('顺丰速运');
    expect((await sent(handler.email)).map((m) => m.channel)).toEqual(['email']);
  });

  test('我的签收 lists the order for its enterprise only', async () => {
    const mine = (await h.http({ method: 'GET', url: '/api/v1/ca/deliveries', token: a.token })).json();
    expect(mine.items).toEqual([
      expect.objectContaining({
        orderId: o.id,
        orderNo: o.orderNo,
        status: 'dispatched',
        trackingNo: 'SF1234567890123',
      }),
    ]);
    const theirs = (await h.http({ method: 'GET', url: '/api/v1/ca/deliveries', token: other.token })).json();
    expect(theirs.items).toEqual([]);
    const asStaff = await h.http({ method: 'GET', url: '/api/v1/ca/deliveries', token: staff.ca_d });
    expect(asStaff.statusCode).toBe(403);
  });

  test('another enterprise and the staff cannot confirm receipt', async () => {
    const foreign = await receipt(other.token, o.id);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.message).toEqual({ zh: '订单不存在', en: 'No such order' });
    expect((await receipt(staff.ca_d, o.id)).statusCode).toBe(403);
    expect(await deliveryOf(a, o.id)).toMatchObject({ status: 'dispatched', receivedAt: null });
  });

  test('the applicant confirms receipt (once); the order ends, its timeline says 已发货 and 已签收', async () => {
    const confirmed = await receipt(a.token, o.id, `receipt-${o.id}`);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'received', confirmedBy: 'applicant' });
    const retried = await receipt(a.token, o.id, `receipt-${o.id}`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toEqual(confirmed.json());
    const twice = await receipt(a.token, o.id);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.message.zh).toBe('已签收');

    expect(await h.client.workflow.getHandle(o.processId).result()).toBe('completed');
    expect(await deliveryOf(a, o.id)).toMatchObject({ status: 'received', confirmedBy: 'applicant' });
    const timeline = await h.http({ method: 'GET', url: `/api/v1/processes/${o.processId}/history`, token: a.token });
    const labels = timeline.json().items.map((e: { label: { zh: string } }) => e.label.zh);
    expect(labels).toEqual(expect.arrayContaining(['发货（CA 机构）', 'UKey 已发货', '已签收', '办结']));
    expect(labels.indexOf('UKey 已发货')).toBeLessThan(labels.indexOf('已签收'));
    await recordHistory(h.client, o.processId, 'certificate-order/delivery-dispatched-received');
  });
});

test('UKeys set aside for pickup at the desk: 待自取, the handler told, then confirmed by the applicant', async () => {
  const a = await activeApplicant(h, staff.adm_d);
  const { order: o } = await drive.madeUKeys(a, [hsm.serials[1]]);
  const dispatch = await drive.taskFor(o.processId, 'order.dispatch', staff.ca_d);
  const res = await drive.decide(staff.ca_d, dispatch.id, { outcome: 'pickup', comment: '客户来电，到窗口自取' });
  expect(res.statusCode).toBe(200);
  const delivery = await eventually(async () => {
    const d = await deliveryOf(a, o.id);
    return d?.status === 'awaiting_pickup' ? d : undefined;
  }, 'the UKeys set aside');
  expect(delivery).toMatchObject({ method: 'pickup', carrier: null, trackingNo: null });
  expect((await drive.order(a, o.id)).step).toBe('待自取');
  const handler = (await drive.order(a, o.id)).registration.handler;
  const sms = await eventually(
    async () => (await outbox(h, staff.adm_d, handler.mobile)).find((m) => m.body.includes('自取')),
    'the pickup SMS',
  );
  expect(sms.body).toContain(o.orderNo);
  const listed = (await h.http({ method: 'GET', url: '/api/v1/ca/deliveries', token: a.token })).json();
  expect(listed.items).toEqual([expect.objectContaining({ orderId: o.id, status: 'awaiting_pickup' })]);

  expect((await receipt(a.token, o.id)).json()).toMatchObject({ status: 'received', confirmedBy: 'applicant' });
  expect(await h.client.workflow.getHandle(o.processId).result()).toBe('completed');
  const timeline = await h.http({ method: 'GET', url: `/api/v1/processes/${o.processId}/history`, token: a.token });
  expect(timeline.json().items.map((e: { label: { zh: string } }) => e.label.zh)).toContain('UKey 待自取');
  await recordHistory(h.client, o.processId, 'certificate-order/delivery-pickup-received');
});

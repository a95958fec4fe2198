/** Driving a certificate order through the API in tests: place, materials, pay, approve, make UKeys. */
import type { Harness } from './harness';
import { eventually } from './harness';
import { multipart, orderBody, outbox, SCANS, type Applicant } from './enterprise';

/** Staff tokens an order needs: an admin/operator (outbox), a CA administrator. */
export interface OrderStaff {
  admin: string;
  caAdmin: string;
}

/** A task as the inbox lists it. */
export type Task = { id: string; kind: string; title: string; processId: string };

/** The helpers, bound to a harness, its staff, and the station UKeys are made at; waits read again every `pollMs`. */
export function orderDriver(h: Harness, staff: OrderStaff, stationId: string, pollMs = 50) {
  const until = <T>(probe: () => Promise<T | undefined | false | null>, what: string) =>
    eventually(probe, what, 20_000, pollMs);
  const taskFor = (processId: string, kind: string, token: string): Promise<Task> =>
    until(
      async () =>
        (await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token }))
          .json()
          .items.find((t: Task) => t.kind === kind),
      `${kind} task`,
    );
  const decide = (token: string, taskId: string, payload: Record<string, unknown>) =>
    h.http({ method: 'POST', url: `/api/v1/tasks/${taskId}/complete`, token, payload });
  const order = async (a: Applicant, id: string) =>
    (await h.http({ method: 'GET', url: `/api/v1/ca/orders/${id}`, token: a.token })).json();
  const waitStatus = (a: Applicant, id: string, status: string) =>
    until(async () => {
      const o = await order(a, id);
      return o.status === status ? o : undefined;
    }, `order ${status}`);

  async function upload(a: Applicant, orderId: string, kind: string, data = SCANS.pdf) {
    const res = await h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${orderId}/materials`,
      token: a.token,
      ...multipart({ kind }, { filename: `${kind}.pdf`, type: 'application/pdf', data }),
    });
    if (res.statusCode !== 201) throw new Error(`upload ${kind}: ${res.statusCode} ${res.body}`);
    return res.json();
  }

  async function placeOrder(a: Applicant & { creditCode: string }, quantity = 2) {
    const res = await h.http({
      method: 'POST',
      url: '/api/v1/ca/orders',
      token: a.token,
      payload: orderBody(a, quantity),
    });
    if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
    return res.json() as { id: string; orderNo: string; totalFen: number; processId: string };
  }

  async function submitMaterials(a: Applicant, orderId: string) {
    for (const kind of ['business_license', 'handler_id', 'application_form']) await upload(a, orderId, kind);
    const res = await h.http({ method: 'POST', url: `/api/v1/ca/orders/${orderId}/materials/submit`, token: a.token });
    if (res.statusCode !== 200) throw new Error(`submit materials: ${res.statusCode} ${res.body}`);
  }

  /** Starts an online payment; answers the simulator's signed notification for it (not yet sent). */
  async function payOnline(a: Applicant, orderId: string) {
    const pay = await h.http({ method: 'POST', url: `/api/v1/ca/orders/${orderId}/payments`, token: a.token });
    if (pay.statusCode !== 201) throw new Error(`pay: ${pay.statusCode} ${pay.body}`);
    const { paymentId, payUrl, amountFen } = pay.json();
    const notice = h.app.simulator!.notification({
      outTradeNo: paymentId,
      tradeNo: `SIM-${paymentId.slice(0, 8)}`,
      amountFen,
      status: 'TRADE_SUCCESS',
    });
    return { paymentId, payUrl: payUrl as string, notice };
  }

  const notify = (params: Record<string, string>) =>
    h.http({
      method: 'POST',
      url: '/api/v1/payments/notify/simulator',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(params).toString(),
    });

  /** Approves an order's materials and reads the authorisation code and initial PIN from the SMS. */
  async function approveAndReadSms(a: Applicant, o: { id: string; processId: string }) {
    const review = await taskFor(o.processId, 'order.review', staff.caAdmin);
    const res = await decide(staff.caAdmin, review.id, { outcome: 'approve', comment: '材料齐全' });
    if (res.statusCode !== 200) throw new Error(`approve: ${res.statusCode} ${res.body}`);
    await waitStatus(a, o.id, 'approved');
    const handlerMobile = (await order(a, o.id)).registration.handler.mobile;
    const sms = await until(
      async () => (await outbox(h, staff.admin, handlerMobile)).find((m) => m.body.includes('制证授权码')),
      'the authorisation SMS',
    );
    const [, code, pin] = /制证授权码：([A-Z0-9]{6})，ukey 初始 pin 码：(\d{6})/.exec(sms.body)!;
    return { code, pin, sms: sms.body };
  }

  /** Makes one UKey; `more` overrides or adds body fields (`{ ukeyModel: undefined }` leaves the model out). */
  const make = (
    a: Applicant,
    orderId: string,
    tokenSerial: string,
    authCode: string,
    more: Record<string, unknown> = {},
  ) =>
    h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${orderId}/tokens`,
      token: a.token,
      payload: { stationId, tokenSerial, ukeyModel: 'SoftHSM v2', authCode, ...more },
    });

  /** An order for `tokens.length` UKeys, paid, approved, and made on those tokens; answers the order and the initial PIN. */
  async function madeUKeys(a: Applicant & { creditCode: string }, tokens: string[]) {
    const o = await placeOrder(a, tokens.length);
    await submitMaterials(a, o.id);
    await notify((await payOnline(a, o.id)).notice);
    const { code, pin } = await approveAndReadSms(a, o);
    for (const serial of tokens) {
      const res = await make(a, o.id, serial, code);
      if (res.statusCode !== 201) throw new Error(`make ${serial}: ${res.statusCode} ${res.body}`);
    }
    return { order: o, pin };
  }

  /** The CA administrator dispatches the order's UKeys by SF Express; the applicant confirms receipt (我的签收). */
  async function deliver(a: Applicant, o: { id: string; processId: string }) {
    const dispatch = await taskFor(o.processId, 'order.dispatch', staff.caAdmin);
    const fields = { carrier: 'sf_express', trackingNo: 'SF1234567890123' };
    const res = await decide(staff.caAdmin, dispatch.id, { outcome: 'dispatch', fields });
    if (res.statusCode !== 200) throw new Error(`dispatch: ${res.statusCode} ${res.body}`);
    await until(async () => (await order(a, o.id)).delivery?.status === 'dispatched', 'the UKeys dispatched');
    const receipt = await h.http({ method: 'POST', url: `/api/v1/ca/orders/${o.id}/receipt`, token: a.token });
    if (receipt.statusCode !== 200) throw new Error(`receipt: ${receipt.statusCode} ${receipt.body}`);
  }

  return {
    taskFor,
    decide,
    order,
    waitStatus,
    upload,
    placeOrder,
    submitMaterials,
    payOnline,
    notify,
    approveAndReadSms,
    make,
    madeUKeys,
    deliver,
  };
}

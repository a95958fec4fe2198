/**
 * Realistic data for the fuzzer, made through the API only (so it works against any running
 * development instance): staff of every role, an applicant whose registration went through the two
 * reviews and the phone review, an order paid, approved and made into a UKey, that UKey bound, and a
 * second order left unpaid.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/roles';
import { multipart, orderBody, SCANS, uniq, validProfile } from '../../test/support/enterprise';

/** An answer of the API. */
export interface ApiResponse {
  status: number;
  body: string;
  json(): any;
}

/** A request to the API; `payload` is sent as JSON unless it is a Buffer (then `headers` say what it is). */
export type Api = (
  method: string,
  url: string,
  opts?: { token?: string; payload?: unknown; headers?: Record<string, string> },
) => Promise<ApiResponse>;

/** A client of the API at `baseUrl`, signing in with bearer tokens. */
export function apiClient(baseUrl: string): Api {
  return async (method, url, opts = {}) => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: Uint8Array | string | undefined;
    if (Buffer.isBuffer(opts.payload)) body = new Uint8Array(opts.payload);
    else if (opts.payload !== undefined) {
      body = JSON.stringify(opts.payload);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${baseUrl}${url}`, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text, json: () => JSON.parse(text) };
  };
}

/** What the seeding made: the tokens the fuzzer signs in with, their accounts' IDs, and the IDs it made. */
export interface Seeded {
  tokens: { admin: string; applicant: string };
  accounts: string[];
  ids: Record<string, string>;
}

const STAFF: [string, Role[]][] = [
  ['fz_rev1', ['registration_reviewer']],
  ['fz_rev2', ['registration_reviewer']],
  ['fz_rev3', ['registration_reviewer']],
  ['fz_ca', ['ca_admin']],
  ['fz_finance', ['finance']],
  ['fz_binding', ['binding_admin']],
  ['fz_chief', ['supervisor']],
  ['fz_operator', ['operator']],
  ['fz_admin', ['admin']],
];
const STAFF_PASSWORD = 'Fuzz2026pw';

function expectStatus(res: ApiResponse, status: number | number[], what: string): ApiResponse {
  if (![status].flat().includes(res.status))
    throw new Error(`seeding: ${what} answered ${res.status} ${res.body.slice(0, 500)}`);
  return res;
}

async function until<T>(
  probe: () => Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`seeding: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Seeds the instance; `admin` is an existing admin account, `captcha` the answer it accepts. */
export async function seed(api: Api, admin: { loginName: string; password: string }, captcha: string): Promise<Seeded> {
  const signIn = async (loginName: string, password: string) => {
    const { captchaId } = expectStatus(await api('GET', '/api/v1/auth/captcha'), 200, 'captcha').json();
    return expectStatus(
      await api('POST', '/api/v1/auth/login', { payload: { loginName, password, captchaId, captcha } }),
      200,
      `sign-in of ${loginName}`,
    ).json().token as string;
  };
  const root = await signIn(admin.loginName, admin.password);
  const suffix = uniq();
  const staff: Record<string, string> = {};
  for (const [login, roles] of STAFF) {
    const loginName = `${login}_${suffix}`;
    const res = await api('POST', '/api/v1/admin/users', {
      token: root,
      payload: { loginName, password: STAFF_PASSWORD, displayName: `${login} 模糊测试`, roles, department: '交易中心' },
    });
    expectStatus(res, 201, `staff ${loginName}`);
    staff[login] = await signIn(loginName, STAFF_PASSWORD);
  }
  const outbox = async (to: string) =>
    expectStatus(
      await api('GET', `/api/v1/dev/outbox?to=${encodeURIComponent(to)}`, { token: root }),
      200,
      'outbox',
    ).json().items as { body: string }[];
  const tasksOf = async (token: string, processId: string, kind: string) =>
    until(
      async () =>
        (await api('GET', `/api/v1/tasks?processId=${encodeURIComponent(processId)}`, { token }))
          .json()
          .items.find((t: { kind: string }) => t.kind === kind),
      `${kind} task`,
    );
  const decide = async (token: string, taskId: string, payload: object) =>
    expectStatus(
      await api('POST', `/api/v1/tasks/${taskId}/complete`, { token, payload }),
      200,
      `decision on ${taskId}`,
    );
  const phoneRecord = () => ({
    callerName: '戴进波',
    callerNumber: '13967979861',
    calledAt: new Date(Date.now() - 60_000).toISOString(),
    notes: '核实为企业本人申请',
  });

  // Registration: account, activation link from the outbox, profile, scans, two reviews and the phone review.
  const a = {
    entityName: `金华市${suffix}建设工程有限公司`,
    loginName: `fz_ent_${suffix}`,
    password: 'Abc12345',
    email: `fuzz-${suffix}@example.cn`,
    mobile: `139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`,
  };
  const account = expectStatus(
    await api('POST', '/api/v1/accounts', { payload: { ...a, confirmPassword: a.password, contactName: '戴进波' } }),
    201,
    'account',
  ).json();
  const link = await until(async () => (await outbox(a.email))[0]?.body, 'the activation email');
  expectStatus(
    await api('POST', '/api/v1/accounts/activate', { payload: { token: /token=([A-Za-z0-9_-]+)/.exec(link)![1] } }),
    200,
    'activation',
  );
  const applicant = await signIn(a.loginName, a.password);
  const profile = validProfile(a.entityName);
  expectStatus(await api('PUT', '/api/v1/enterprise/profile', { token: applicant, payload: profile }), 200, 'profile');
  for (const [kind, data, type] of [
    ['business_license', SCANS.pdf, 'application/pdf'],
    ['legal_rep_id_front', SCANS.jpeg, 'image/jpeg'],
    ['legal_rep_id_back', SCANS.png, 'image/png'],
  ] as const) {
    expectStatus(
      await api('POST', '/api/v1/enterprise/attachments', {
        token: applicant,
        ...multipart({ kind }, { filename: `${kind}.bin`, type, data }),
      }),
      201,
      `scan ${kind}`,
    );
  }
  const registration = expectStatus(
    await api('POST', '/api/v1/enterprise/registration/submit', { token: applicant, payload: {} }),
    202,
    'registration',
  ).json().processId as string;
  for (const reviewer of ['fz_rev1', 'fz_rev2']) {
    const task = await until(
      async () =>
        (await api('GET', `/api/v1/tasks?processId=${registration}`, { token: staff[reviewer] }))
          .json()
          .items.find((t: { kind: string; status: string }) => t.kind === 'registration.review'),
      'a review task',
    );
    await decide(staff[reviewer], task.id, { outcome: 'approve', comment: '资料齐全，同意。' });
    await until(
      async () =>
        !(await api('GET', `/api/v1/tasks?processId=${registration}`, { token: staff[reviewer] }))
          .json()
          .items.some((t: { id: string }) => t.id === task.id),
      'the review closed',
    );
  }
  await decide(staff.fz_rev3, (await tasksOf(staff.fz_rev3, registration, 'registration.phone_review')).id, {
    outcome: 'approve',
    comment: '已电话核实。',
    fields: phoneRecord(),
  });
  await until(
    async () =>
      (await api('GET', '/api/v1/enterprise/registration', { token: applicant })).json().status === 'approved',
    'the registration approved',
  );

  // An order: materials, paid in the simulator, approved by the CA administrator, one UKey made at the local station.
  const creditCode = profile.enterprise!.creditCode!;
  const placeOrder = async () =>
    expectStatus(
      await api('POST', '/api/v1/ca/orders', {
        token: applicant,
        payload: orderBody({ entityName: a.entityName, creditCode }, 1),
      }),
      201,
      'order',
    ).json();
  const order = await placeOrder();
  for (const kind of ['business_license', 'handler_id', 'application_form']) {
    expectStatus(
      await api('POST', `/api/v1/ca/orders/${order.id}/materials`, {
        token: applicant,
        ...multipart({ kind }, { filename: `${kind}.pdf`, type: 'application/pdf', data: SCANS.pdf }),
      }),
      201,
      `material ${kind}`,
    );
  }
  expectStatus(
    await api('POST', `/api/v1/ca/orders/${order.id}/materials/submit`, { token: applicant }),
    200,
    'materials submitted',
  );
  const payment = expectStatus(
    await api('POST', `/api/v1/ca/orders/${order.id}/payments`, { token: applicant }),
    201,
    'payment',
  ).json();
  expectStatus(await api('POST', `/api/v1/payments/simulator/${payment.paymentId}/pay`), 200, 'simulated payment');
  await decide(staff.fz_ca, (await tasksOf(staff.fz_ca, order.processId, 'order.review')).id, {
    outcome: 'approve',
    comment: '材料齐全',
  });
  const handlerMobile = (await api('GET', `/api/v1/ca/orders/${order.id}`, { token: applicant })).json().registration
    .handler.mobile;
  const sms = await until(
    async () => (await outbox(handlerMobile)).find((m) => m.body.includes('制证授权码'))?.body,
    'the authorisation SMS',
  );
  const [, authCode, pin] = /制证授权码：([A-Z0-9]{6})，ukey 初始 pin 码：(\d{6})/.exec(sms)!;
  const tokens = expectStatus(
    await api('GET', '/api/v1/stations/local/tokens', { token: applicant }),
    200,
    'station tokens',
  ).json().items as { serial: string; blank: boolean }[];
  const tokenSerial = tokens.find((t) => t.blank)?.serial;
  if (!tokenSerial) throw new Error('seeding: the local station has no blank token');
  const made = expectStatus(
    await api('POST', `/api/v1/ca/orders/${order.id}/tokens`, {
      token: applicant,
      payload: { stationId: 'local', tokenSerial, authCode },
    }),
    [201, 202],
    'UKey',
  ).json();
  await until(
    async () =>
      (await api('GET', `/api/v1/ca/orders/${order.id}`, { token: applicant }))
        .json()
        .tokens.some((t: { status: string }) => t.status === 'done'),
    'the UKey made',
  );

  // The UKey bound to the account through the binding administrator's approval.
  const binding = expectStatus(
    await api('POST', '/api/v1/enterprise/ca-bindings', {
      token: applicant,
      payload: { stationId: 'local', tokenSerial },
    }),
    201,
    'binding',
  ).json();
  const bindingProcess = expectStatus(
    await api('POST', '/api/v1/enterprise/ca-bindings/submit', { token: applicant }),
    202,
    'binding submitted',
  ).json().processId;
  await decide(staff.fz_binding, (await tasksOf(staff.fz_binding, bindingProcess, 'binding.review')).id, {
    outcome: 'approve',
    fields: phoneRecord(),
  });
  await until(
    async () =>
      (await api('GET', '/api/v1/enterprise/ca-bindings', { token: applicant }))
        .json()
        .items.some((b: { active: boolean }) => b.active),
    'the binding in force',
  );

  const open = await placeOrder();
  const me = async (token: string) =>
    expectStatus(await api('GET', '/api/v1/auth/me', { token }), 200, 'who am I').json().id as string;
  return {
    tokens: { admin: staff.fz_admin, applicant },
    accounts: [await me(staff.fz_admin), await me(applicant)],
    ids: {
      enterpriseId: account.enterpriseId,
      registrationProcessId: registration,
      orderId: order.id,
      orderProcessId: order.processId,
      openOrderId: open.id,
      paymentId: payment.paymentId,
      tokenSerial,
      certificateSerial: made.certificateSerial ?? '',
      bindingId: binding.id,
      bindingProcessId: bindingProcess,
      pin,
    },
  };
}

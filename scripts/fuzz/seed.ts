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
const SCAN_KINDS = [
  ['business_license', SCANS.pdf, 'application/pdf'],
  ['legal_rep_id_front', SCANS.jpeg, 'image/jpeg'],
  ['legal_rep_id_back', SCANS.png, 'image/png'],
] as const;

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

const phoneRecord = () => ({
  callerName: '戴进波',
  callerNumber: '13967979861',
  calledAt: new Date(Date.now() - 60_000).toISOString(),
  notes: '核实为企业本人申请',
});

/** The calls the seeding steps make, bound to the instance, its captcha answer and an admin's token. */
function steps(api: Api, captcha: string) {
  /** Calls the API; answers the JSON body, failing unless the status is one of `ok`. */
  const call = async (ok: number | number[], method: string, url: string, opts: Parameters<Api>[2] = {}) => {
    const res = await api(method, url, opts);
    if (![ok].flat().includes(res.status))
      throw new Error(`seeding: ${method} ${url} answered ${res.status} ${res.body.slice(0, 500)}`);
    return res.body ? res.json() : null;
  };
  const signIn = async (loginName: string, password: string): Promise<string> => {
    const { captchaId } = await call(200, 'GET', '/api/v1/auth/captcha');
    return (await call(200, 'POST', '/api/v1/auth/login', { payload: { loginName, password, captchaId, captcha } }))
      .token;
  };
  const openTask = (token: string, processId: string, kind: string) =>
    until(
      async () =>
        (await call(200, 'GET', `/api/v1/tasks?processId=${encodeURIComponent(processId)}`, { token })).items.find(
          (t: { kind: string }) => t.kind === kind,
        ) as { id: string } | undefined,
      `${kind} task`,
    );
  /** Decides the open task of `kind` and waits until it is closed. */
  const decide = async (token: string, processId: string, kind: string, payload: object) => {
    const task = await openTask(token, processId, kind);
    await call(200, 'POST', `/api/v1/tasks/${task.id}/complete`, { token, payload });
    await until(
      async () => (await call(200, 'GET', `/api/v1/tasks/${task.id}`, { token })).status !== 'open',
      `${kind} closed`,
    );
  };
  return { call, signIn, decide };
}

/** Seeds the instance; `admin` is an existing admin account, `captcha` the answer it accepts. */
export async function seed(api: Api, admin: { loginName: string; password: string }, captcha: string): Promise<Seeded> {
  const { call, signIn, decide } = steps(api, captcha);
  const root = await signIn(admin.loginName, admin.password);
  const outbox = async (to: string) =>
    (await call(200, 'GET', `/api/v1/dev/outbox?to=${encodeURIComponent(to)}`, { token: root })).items as {
      body: string;
    }[];

  const suffix = uniq();
  const staff: Record<string, string> = {};
  for (const [login, roles] of STAFF) {
    const loginName = `${login}_${suffix}`;
    const payload = {
      loginName,
      password: STAFF_PASSWORD,
      displayName: `${login} 模糊测试`,
      roles,
      department: '交易中心',
    };
    await call(201, 'POST', '/api/v1/admin/users', { token: root, payload });
    staff[login] = await signIn(loginName, STAFF_PASSWORD);
  }

  // Registration: account, activation link from the outbox, profile, scans, two reviews and the phone review.
  const a = {
    entityName: `金华市${suffix}建设工程有限公司`,
    loginName: `fz_ent_${suffix}`,
    password: 'Abc12345',
    email: `fuzz-${suffix}@example.cn`,
    mobile: `139${String(randomBytes(4).readUInt32BE() % 1e8).padStart(8, '0')}`,
  };
  const account = await call(201, 'POST', '/api/v1/accounts', {
    payload: { ...a, confirmPassword: a.password, contactName: '戴进波' },
  });
  const link = await until(async () => (await outbox(a.email))[0]?.body, 'the activation email');
  await call(200, 'POST', '/api/v1/accounts/activate', { payload: { token: /token=([A-Za-z0-9_-]+)/.exec(link)![1] } });
  const applicant = await signIn(a.loginName, a.password);
  const profile = validProfile(a.entityName);
  await call(200, 'PUT', '/api/v1/enterprise/profile', { token: applicant, payload: profile });
  for (const [kind, data, type] of SCAN_KINDS) {
    await call(201, 'POST', '/api/v1/enterprise/attachments', {
      token: applicant,
      ...multipart({ kind }, { filename: `${kind}.bin`, type, data }),
    });
  }
  const registration: string = (
    await call(202, 'POST', '/api/v1/enterprise/registration/submit', { token: applicant, payload: {} })
  ).processId;
  await decide(staff.fz_rev1, registration, 'registration.review', { outcome: 'approve', comment: '资料齐全，同意。' });
  await decide(staff.fz_rev2, registration, 'registration.review', { outcome: 'approve', comment: '同意。' });
  await decide(staff.fz_rev3, registration, 'registration.phone_review', { outcome: 'approve', fields: phoneRecord() });
  await until(
    async () => (await call(200, 'GET', '/api/v1/enterprise/registration', { token: applicant })).status === 'approved',
    'approval',
  );

  // An order: materials, paid in the simulator, approved by the CA administrator, one UKey made at the local station.
  const body = orderBody({ entityName: a.entityName, creditCode: profile.enterprise!.creditCode! }, 1);
  const order = await call(201, 'POST', '/api/v1/ca/orders', { token: applicant, payload: body });
  for (const kind of ['business_license', 'handler_id', 'application_form']) {
    const file = multipart({ kind }, { filename: `${kind}.pdf`, type: 'application/pdf', data: SCANS.pdf });
    await call(201, 'POST', `/api/v1/ca/orders/${order.id}/materials`, { token: applicant, ...file });
  }
  await call(200, 'POST', `/api/v1/ca/orders/${order.id}/materials/submit`, { token: applicant });
  const payment = await call(201, 'POST', `/api/v1/ca/orders/${order.id}/payments`, { token: applicant });
  await call(200, 'POST', `/api/v1/payments/simulator/${payment.paymentId}/pay`);
  await decide(staff.fz_ca, order.processId, 'order.review', { outcome: 'approve', comment: '材料齐全' });
  const sms = await until(
    async () => (await outbox(body.handler.mobile)).find((m) => m.body.includes('制证授权码'))?.body,
    'the SMS',
  );
  const [, authCode] = /制证授权码：([A-Z0-9]{6})，ukey 初始 pin 码：(\d{6})/.exec(sms)!;
  const inserted = (await call(200, 'GET', '/api/v1/stations/local/tokens', { token: applicant })).items as {
    serial: string;
    blank: boolean;
  }[];
  const tokenSerial = inserted.find((t) => t.blank)?.serial;
  if (!tokenSerial) throw new Error('seeding: the local station has no blank token');
  await call([201, 202], 'POST', `/api/v1/ca/orders/${order.id}/tokens`, {
    token: applicant,
    payload: { stationId: 'local', tokenSerial, authCode },
  });
  const certificateSerial = await until(
    async () =>
      (await call(200, 'GET', `/api/v1/ca/orders/${order.id}`, { token: applicant })).tokens.find(
        (t: { status: string }) => t.status === 'done',
      )?.certificateSerial as string | undefined,
    'the UKey made',
  );

  // The UKey bound to the account through the binding administrator's approval.
  const binding = await call(201, 'POST', '/api/v1/enterprise/ca-bindings', {
    token: applicant,
    payload: { stationId: 'local', tokenSerial },
  });
  const bindingProcess: string = (
    await call(202, 'POST', '/api/v1/enterprise/ca-bindings/submit', { token: applicant })
  ).processId;
  await decide(staff.fz_binding, bindingProcess, 'binding.review', { outcome: 'approve', fields: phoneRecord() });

  const open = await call(201, 'POST', '/api/v1/ca/orders', { token: applicant, payload: body });
  const me = async (token: string) => (await call(200, 'GET', '/api/v1/auth/me', { token })).id as string;
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
      certificateSerial,
      bindingId: binding.id,
      bindingProcessId: bindingProcess,
    },
  };
}

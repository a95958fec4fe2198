/**
 * The authorisation matrix: every operation of the OpenAPI document × every identity (nobody, a forged
 * token, the applicants of enterprises A and B, one user of each staff role), with the IDs of enterprise
 * A's real resources in the path, on the real Temporal service, PostgreSQL and SoftHSM2. Expectations are
 * in access-table.ts; an operation without an entry, an identity refused where it is entitled, or given
 * data or an effect where it is not, fails. Applicants' answers must never name the staff who decided.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import type { InjectOptions } from 'fastify';
import type { Role } from '../../domain/roles';
import { createLogger } from '../../platform/logger';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import {
  activeApplicant,
  multipart,
  prepareRegistration,
  registerApplicant,
  SCANS,
  type Applicant,
} from '../support/enterprise';
import { bundle, eventually, PASSWORD, startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';
import { ACCESS, IDENTITIES, STAFF_IDENTITIES, type AccessCase, type Fixtures, type Identity } from './access-table';

const STATION = 'matrix-station';
const REFUSED = [401, 403, 404];
const CARRIED_OUT = [400, 409, 422];
const phoneRecord = () => ({
  callerName: '戴进波',
  callerNumber: '13967979861',
  calledAt: new Date(Date.now() - 60_000).toISOString(),
  notes: '核实',
});

let h: Harness;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
let fx: Fixtures;
const tokens = {} as Record<Identity, string | undefined>;
const logins = {} as Record<Identity, { loginName: string; password: string } | undefined>;
/** What only enterprise A's case holds (its IDs, names, numbers). */
let markersOfA: string[] = [];
/** What names a staff member (user IDs and login names), never shown to applicants. */
let markersOfStaff: string[] = [];

/** Enterprise A driven through the API: registration reviewed, orders, a UKey made and bound. */
async function enterpriseA(drive: ReturnType<typeof orderDriver>, a: Applicant, reviewers: [string, string]) {
  const profile = await prepareRegistration(h, a);
  const submitted = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: {},
  });
  expect(submitted.statusCode).toBe(202);
  const registrationProcessId: string = submitted.json().processId;
  for (const token of reviewers) {
    const task = await drive.taskFor(registrationProcessId, 'registration.review', token);
    expect((await drive.decide(token, task.id, { outcome: 'approve', comment: '同意。' })).statusCode).toBe(200);
    await eventually(
      async () =>
        (await h.db.selectFrom('tasks').select('status').where('id', '=', task.id).executeTakeFirst())?.status ===
        'completed',
      'the review closed',
    );
  }
  const phone = await drive.taskFor(registrationProcessId, 'registration.phone_review', reviewers[0]);
  expect((await drive.decide(reviewers[0], phone.id, { outcome: 'approve', fields: phoneRecord() })).statusCode).toBe(
    200,
  );
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json().status ===
      'approved',
    'A approved',
  );
  const withCode = { ...a, creditCode: profile.enterprise!.creditCode! };

  // Two UKeys ordered, one made (the order stays in production) and bound.
  const [tokenSerial] = hsm.serials;
  const order = await (async () => {
    const o = await drive.placeOrder(withCode, 2);
    await drive.submitMaterials(a, o.id);
    const paid = await drive.payOnline(a, o.id);
    await drive.notify(paid.notice);
    const { code } = await drive.approveAndReadSms(a, o);
    const made = await drive.make(a, o.id, tokenSerial, code);
    expect(made.statusCode).toBe(201);
    return { ...o, paymentId: paid.paymentId as string, certificateSerial: made.json().certificateSerial as string };
  })();
  const added = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/ca-bindings',
    token: a.token,
    payload: { stationId: STATION, tokenSerial },
  });
  expect(added.statusCode).toBe(201);
  const bindingProcessId: string = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token })
  ).json().processId;
  const bindingTask = await drive.taskFor(bindingProcessId, 'binding.review', tokens.binding_admin!);
  expect(
    (await drive.decide(tokens.binding_admin!, bindingTask.id, { outcome: 'approve', fields: phoneRecord() }))
      .statusCode,
  ).toBe(200);
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token }))
        .json()
        .items.some((b: { active: boolean }) => b.active),
    'the binding in force',
  );

  // An order under review, and one not paid.
  const reviewed = await drive.placeOrder(withCode, 1);
  await drive.submitMaterials(a, reviewed.id);
  await drive.notify((await drive.payOnline(a, reviewed.id)).notice);
  const reviewTask = await drive.taskFor(reviewed.processId, 'order.review', tokens.ca_admin!);
  const unpaid = await drive.placeOrder(withCode, 1);
  const reviewedOrder = await drive.order(a, reviewed.id);
  const registrationFiles = (
    await h.http({ method: 'GET', url: '/api/v1/enterprise/attachments', token: a.token })
  ).json().items;
  // A change of A's information in review, with its evidence file.
  const evidence = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/change/attachments',
    token: a.token,
    ...multipart({ kind: 'other' }, { filename: 'other.pdf', type: 'application/pdf', data: SCANS.pdf }),
  });
  expect(evidence.statusCode).toBe(201);
  const change = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/change/submit',
    token: a.token,
    payload: { ...profile, enterprise: { ...profile.enterprise, address: '金华市婺城区八一北街1号' } },
  });
  expect(change.statusCode).toBe(202);
  return {
    creditCode: withCode.creditCode,
    fixtures: {
      tokenSerial,
      certificateSerial: order.certificateSerial,
      registrationProcessId,
      registrationAttachmentId: registrationFiles[0].id,
      orderId: order.id,
      paymentId: order.paymentId,
      reviewedOrderId: reviewed.id,
      reviewedOrderProcessId: reviewed.processId,
      reviewTaskId: reviewTask.id,
      materialId: reviewedOrder.materials[0].id,
      unpaidOrderProcessId: unpaid.processId,
      bindingId: added.json().id,
      bindingProcessId,
      changeProcessId: change.json().processId as string,
      changeEvidenceId: evidence.json().id as string,
    },
    orderIds: [order.id, reviewed.id, unpaid.id],
  };
}

beforeAll(async () => {
  hsm = await createSoftHsm(3);
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

  const staffIds: string[] = [];
  for (const role of STAFF_IDENTITIES) {
    const loginName = `mx_${role}`;
    staffIds.push(await h.staff(loginName, [role as Role]));
    logins[role] = { loginName, password: PASSWORD };
    tokens[role] = await h.login(loginName);
  }
  staffIds.push(await h.staff('mx_second_reviewer', ['registration_reviewer']));
  const secondReviewer = await h.login('mx_second_reviewer');
  const victim = await h.staff('mx_victim', ['finance']);
  markersOfStaff = [...staffIds, ...STAFF_IDENTITIES.map((r) => `mx_${r}`), 'mx_second_reviewer'];

  const drive = orderDriver(h, { admin: tokens.admin!, caAdmin: tokens.ca_admin! }, STATION);
  const a = await registerApplicant(h, tokens.admin!);
  const built = await enterpriseA(drive, a, [tokens.registration_reviewer!, secondReviewer]);
  const b = await activeApplicant(h, tokens.admin!);
  const c = await registerApplicant(h, tokens.admin!);
  await prepareRegistration(h, c);
  const openRegistrationProcessId: string = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: c.token, payload: {} })
  ).json().processId;
  const openRegistrationTask = await drive.taskFor(
    openRegistrationProcessId,
    'registration.review',
    tokens.registration_reviewer!,
  );
  for (const [who, applicant] of [
    ['applicantA', a],
    ['applicantB', b],
  ] as const) {
    tokens[who] = applicant.token;
    logins[who] = { loginName: applicant.loginName, password: applicant.password };
  }
  tokens.forged = `${a.token.slice(0, 3)}${randomBytes(64).toString('base64url')}`.slice(0, a.token.length);
  const phrase = async () =>
    (
      await h.http({
        method: 'POST',
        url: '/api/v1/comment-phrases',
        token: tokens.admin,
        payload: { text: `矩阵短语${randomBytes(2).toString('hex')}` },
      })
    ).json().id as number;

  fx = {
    stationId: STATION,
    ...built.fixtures,
    openRegistrationProcessId,
    openRegistrationTaskId: openRegistrationTask.id,
    staffUserId: victim,
    phraseId: await phrase(),
    doomedPhraseId: await phrase(),
    serviceId: 'org-primary',
  };
  markersOfA = [
    a.enterpriseId,
    a.entityName,
    a.loginName,
    a.mobile,
    built.creditCode,
    fx.tokenSerial,
    fx.certificateSerial,
    fx.registrationProcessId,
    ...built.orderIds,
  ];
});

afterAll(async () => {
  await station?.stop();
  await connection?.close();
  await h?.close();
  await hsm?.cleanup();
});

const methodOf = (key: string) => key.split(' ')[0];

/** A session of `who` for one call that ends it. */
async function ownSession(who: Identity): Promise<string | undefined> {
  const login = logins[who];
  return login ? h.login(login.loginName, login.password) : tokens[who];
}

/** Tries one cell; answers what is wrong with it, or null. */
async function tryCell(key: string, c: AccessCase, who: Identity): Promise<string | null> {
  const req = c.request(fx);
  const token = c.ownSession ? await ownSession(who) : tokens[who];
  const res = await h.http({
    method: methodOf(key) as InjectOptions['method'],
    url: req.url,
    payload: req.payload as InjectOptions['payload'],
    headers: req.headers,
    token,
  });
  const status = res.statusCode;
  const where = `${who}${c.on ? ` on ${c.on}` : ''}`;
  const body = res.body;
  if (!c.allow.includes(who)) {
    if (!REFUSED.includes(status)) return `${where}: not refused — ${status} ${body.slice(0, 200)}`;
    if (typeof JSON.parse(body)?.error?.code !== 'string')
      return `${where}: refused without the error shape — ${body.slice(0, 200)}`;
    return null;
  }
  if (!(status >= 200 && status < 300) && !CARRIED_OUT.includes(status) && !(c.alsoOk ?? []).includes(status)) {
    return `${where}: refused or failed though entitled — ${status} ${body.slice(0, 200)}`;
  }
  const leaked = c.blind?.includes(who) ? markersOfA.filter((m) => body.includes(m)) : [];
  if (leaked.length) return `${where}: sees enterprise A's data (${leaked.join(', ')})`;
  const named = who.startsWith('applicant') && !c.namesStaff ? markersOfStaff.filter((m) => body.includes(m)) : [];
  if (named.length) return `${where}: an applicant's answer names staff (${named.join(', ')})`;
  return null;
}

/** Refused identities first, then the entitled ones (whose calls may change state). */
const order = (c: AccessCase) => [
  ...IDENTITIES.filter((i) => !c.allow.includes(i)),
  ...IDENTITIES.filter((i) => c.allow.includes(i)),
];
const keys = Object.keys(ACCESS).sort(
  (x, y) => Number([ACCESS[x]].flat().some((c) => c.last)) - Number([ACCESS[y]].flat().some((c) => c.last)),
);

test('every operation of the OpenAPI document has an entry in the access table, and every entry an operation', async () => {
  const doc = (await h.http({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  const operations = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops)
      .filter((m) => m !== 'head' && m !== 'parameters')
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
  expect({
    withoutEntry: operations.filter((o) => !(o in ACCESS)).sort(),
    withoutOperation: Object.keys(ACCESS)
      .filter((k) => !operations.includes(k))
      .sort(),
  }).toEqual({ withoutEntry: [], withoutOperation: [] });
});

test.each(keys)('%s: each identity is refused or served as the access table says', async (key) => {
  const problems: string[] = [];
  for (const c of [ACCESS[key]].flat()) {
    for (const who of order(c)) {
      const problem = await tryCell(key, c, who);
      if (problem) problems.push(problem);
    }
  }
  expect(problems).toEqual([]);
});

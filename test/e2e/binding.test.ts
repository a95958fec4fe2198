/**
 * Process 4 end to end on the real Temporal service, PostgreSQL and SoftHSM2: a UKey made by the order
 * process is read at the station, added, submitted, approved by the binding administrator (with the call
 * record), and then logs in with the CA lock — the challenge from the API, the signature from the signing
 * agent on 127.0.0.1 (as `npm start` runs it, over the station's tokens) with the PIN typed there, the
 * login at the API. And: the API holds no route that takes a PIN, a replayed or misdirected signature is
 * refused, who may list a station's tokens, a foreign certificate refused at read-lock, a revoked
 * certificate refused at login (and on the CRL), a removal going through approval, a lost UKey reported.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkflowNotFoundError } from '@temporalio/client';
import { NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import { BuiltinCa } from '../../integrations/ca/builtin-ca';
import { buildCsr } from '../../integrations/token/csr';
import { lifecycleWorkflowId } from '../../contracts/certificate-lifecycle';
import { createLogger } from '../../platform/logger';
import { startAgent, type RunningAgent } from '../../agent/app';
import { caLockLoginMessage, webOrigin } from '../../contracts/ca-lock';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { agentCall } from '../support/agent';
import { activeApplicant, type Applicant } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';
import { recordHistory } from '../support/replay';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

const STATION = 'bind-station';
const phoneRecord = {
  callerName: '陈沁',
  callerNumber: '0571-86090941',
  calledAt: '2026-11-25T03:00:00Z',
  notes: '企业来电申请绑定',
};
let h: Harness;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
let agent: RunningAgent;
/** The product's web origin (PUBLIC_URL): the page that calls the agent, and what a login signature names. */
let origin: string;
let drive: ReturnType<typeof orderDriver>;
let workflowBundle: WorkflowBundle;
const staff: Record<string, string> = {};

beforeAll(async () => {
  hsm = await createSoftHsm(11);
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
  h = await startHarness({
    workflowBundle,
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
  origin = webOrigin(h.config.http.publicUrl);
  agent = await startAgent({ module: station.module, locks: station.locks, trustedOrigins: [origin], port: 0 });
  await h.staff('adm_b', ['admin', 'operator']);
  await h.staff('ca_b', ['ca_admin']);
  await h.staff('bind_b', ['binding_admin']);
  for (const u of ['adm_b', 'ca_b', 'bind_b']) staff[u] = await h.login(u);
  drive = orderDriver(h, { admin: staff.adm_b, caAdmin: staff.ca_b }, STATION);
});

afterAll(async () => {
  await agent?.close();
  await station?.stop();
  await connection?.close();
  await h?.close();
  await hsm?.cleanup();
});

const readLock = (a: Applicant, tokenSerial: string) =>
  h.http({
    method: 'POST',
    url: '/api/v1/enterprise/ca-bindings/read-lock',
    token: a.token,
    payload: { stationId: STATION, tokenSerial },
  });
const bindings = async (a: Applicant) =>
  (await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token })).json().items;

/** Adds and submits the lock; the binding administrator approves it with the call record. */
async function bind(a: Applicant, tokenSerial: string): Promise<string> {
  const added = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/ca-bindings',
    token: a.token,
    payload: { stationId: STATION, tokenSerial },
  });
  expect(added.statusCode).toBe(201);
  const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token });
  expect(submitted.statusCode).toBe(202);
  const { processId } = submitted.json();
  const task = await drive.taskFor(processId, 'binding.review', staff.bind_b);
  expect((await drive.decide(staff.bind_b, task.id, { outcome: 'approve', fields: phoneRecord })).statusCode).toBe(200);
  await eventually(
    async () => (await bindings(a)).find((b: { id: string; active: boolean }) => b.id === added.json().id && b.active),
    'the binding in force',
  );
  return processId;
}

/** The agent signs `nonce` with the UKey, the PIN typed at the agent; answers the agent's reply. */
const agentSign = (tokenSerial: string, nonce: string, pin: string) =>
  agentCall(new URL(agent.url), 'POST', `/v1/tokens/${tokenSerial}/login-signature`, { origin, body: { nonce, pin } });

/** 使用CA锁登录 as the sign-in page does it: a challenge from the API, signed at the agent, the login at the API. */
async function caLogin(tokenSerial: string, pin: string) {
  const { nonce } = (await h.http({ method: 'POST', url: '/api/v1/auth/ca/challenge' })).json();
  const signedAtAgent = await agentSign(tokenSerial, nonce, pin);
  expect(signedAtAgent.status).toBe(200);
  const signed = {
    signature: signedAtAgent.body.signature as string,
    certificate: signedAtAgent.body.certificate as string,
  };
  const login = await h.http({ method: 'POST', url: '/api/v1/auth/ca/login', payload: { nonce, ...signed } });
  return { nonce, signed, login };
}

describe('a UKey made by the order process is added, approved, logs in with the CA lock, and is revoked', () => {
  let a: Applicant & { creditCode: string };
  let serial: string;
  let pin: string;
  let added: Awaited<ReturnType<Harness['http']>>;
  let processId: string;
  let row: { certificateSerial: string };
  let signed: { signature: string; certificate: string };

  test('a UKey made by the order process is read and added as a lock', async () => {
    a = await activeApplicant(h, staff.adm_b);
    [serial] = [hsm.serials[0]];
    ({ pin } = await drive.madeUKeys(a, [serial]));

    const read = await readLock(a, serial);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      lockNo: serial,
      alreadyBound: false,
      certificate: { subject: expect.stringContaining(a.creditCode) },
    });

    added = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings',
      token: a.token,
      headers: { 'idempotency-key': `add-${serial}` },
      payload: { stationId: STATION, tokenSerial: serial },
    });
    expect(added.statusCode).toBe(201);
  });

  test('a retried add is answered the same and adds nothing; the change is submitted', async () => {
    // A retry with the same key is answered the same, and adds nothing.
    const retried = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings',
      token: a.token,
      headers: { 'idempotency-key': `add-${serial}` },
      payload: { stationId: STATION, tokenSerial: serial },
    });
    expect({ status: retried.statusCode, id: retried.json().id }).toEqual({ status: 201, id: added.json().id });
    expect(added.json()).toMatchObject({
      no: 1,
      lockNo: serial,
      change: { code: 'add', label: { zh: '新增' } },
      review: { code: 'unsubmitted' },
      usage: { code: 'not_in_force' },
    });
    const twice = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings',
      token: a.token,
      payload: { stationId: STATION, tokenSerial: serial },
    });
    expect(twice.statusCode).toBe(409);

    const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token });
    expect(submitted.statusCode).toBe(202);
    ({ processId } = submitted.json());
    expect((await bindings(a))[0]).toMatchObject({ no: 1, review: { code: 'pending', label: { zh: '未审核' } } });
  });

  test('not bound yet, the CA lock cannot log in; the binding reviewer records the call and approves', async () => {
    // Not bound yet: the CA lock cannot log in.
    const early = await caLogin(serial, pin);
    expect(early.login.statusCode).toBe(401);
    expect(early.login.json().error.code).toBe('NOT_BOUND');

    const task = await drive.taskFor(processId, 'binding.review', staff.bind_b);
    const noCall = await drive.decide(staff.bind_b, task.id, { outcome: 'approve' });
    expect(noCall.statusCode).toBe(400);
    expect(noCall.json().error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['fields.callerName', 'fields.calledAt']),
    );
    expect(
      (await drive.decide(staff.bind_b, task.id, { outcome: 'approve', comment: '已电话核实', fields: phoneRecord }))
        .statusCode,
    ).toBe(200);
    row = await eventually(
      async () => (await bindings(a)).find((b: { active: boolean }) => b.active),
      'the binding in force',
    );
    expect(row).toMatchObject({
      lockNo: serial,
      review: { code: 'approved', label: { zh: '已通过' } },
      usage: { code: 'normal', label: { zh: '正常' } },
    });
    await eventually(
      async () =>
        (await h.db.selectFrom('processes').select('status').where('id', '=', processId).executeTakeFirst())?.status ===
        'approved',
      'the process closed',
    );
  });

  test('logging in with the CA lock: challenge from the API, signature at the agent, login at the API; a challenge answers once', async () => {
    const answered = await caLogin(serial, pin);
    const { nonce, login } = answered;
    signed = answered.signed;
    expect(login.statusCode).toBe(200);
    expect(login.json().user).toMatchObject({ enterpriseId: a.enterpriseId, kind: 'applicant' });
    expect((await h.http({ method: 'GET', url: '/api/v1/auth/me', token: login.json().token })).json().loginName).toBe(
      a.loginName,
    );

    // A challenge answers once.
    const replay = await h.http({ method: 'POST', url: '/api/v1/auth/ca/login', payload: { nonce, ...signed } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('NONCE_USED');

    // The API takes no PIN: the PIN relay and the station's signing route are gone.
    for (const url of ['/api/v1/token-pins', `/api/v1/stations/${STATION}/tokens/${serial}/sign`]) {
      const gone = await h.http({ method: 'POST', url, payload: { pin, challenge: nonce, pinRef: 'x' } });
      expect(gone.statusCode).toBe(404);
    }
  });

  test('a wrong PIN is refused at the agent; bad signatures and unknown fields are bad input', async () => {
    // A wrong PIN is refused at the agent, which says how many attempts are left; the API never sees it.
    const { nonce: challenged, message } = (await h.http({ method: 'POST', url: '/api/v1/auth/ca/challenge' })).json();
    expect(message).toBe(caLockLoginMessage(origin, challenged));
    const wrong = await agentSign(serial, challenged, '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({
      code: 'PIN_INCORRECT',
      attemptsLeft: h.config.station.pinAttemptLimit - 1,
    });
    // A signature that is not base64 is bad input (400 naming it), and leaves the challenge usable.
    const garbled = await h.http({
      method: 'POST',
      url: '/api/v1/auth/ca/login',
      payload: { nonce: challenged, certificate: signed.certificate, signature: '!!!notbase64@@' },
    });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().error.fields).toEqual([
      expect.objectContaining({ field: 'signature', message: { zh: expect.any(String), en: expect.any(String) } }),
    ]);
    const good = await agentSign(serial, challenged, pin);
    expect(
      (
        await h.http({
          method: 'POST',
          url: '/api/v1/auth/ca/login',
          payload: { nonce: challenged, signature: good.body.signature, certificate: good.body.certificate },
        })
      ).statusCode,
    ).toBe(200);
    // An action without fields refuses unknown ones rather than dropping them.
    const extra = await h.http({ method: 'POST', url: '/api/v1/auth/ca/challenge', payload: { x: 1 } });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().error.fields).toEqual([expect.objectContaining({ field: 'x', code: 'additionalProperties' })]);
  });

  test('any PKCS#11 client can sign the message the challenge names, and nothing else', async () => {
    // Any PKCS#11 client can sign the message the challenge names; not the bare nonce, nor for another origin.
    const signOnToken = (text: string) =>
      station.module.withSession(serial, pin, async (s) => {
        const [cert] = s.certificates();
        return {
          signature: (await s.sign(cert.id, Buffer.from(text, 'utf8'))).toString('base64'),
          certificate: cert.der.toString('base64'),
        };
      });
    const loginWith = (nonceToAnswer: string, proof: { signature: string; certificate: string }) =>
      h.http({ method: 'POST', url: '/api/v1/auth/ca/login', payload: { nonce: nonceToAnswer, ...proof } });
    const issue = async () => (await h.http({ method: 'POST', url: '/api/v1/auth/ca/challenge' })).json();
    const fresh = await issue();
    const direct = await signOnToken(fresh.message);
    expect((await loginWith(fresh.nonce, direct)).statusCode).toBe(200);
    for (const misdirected of [
      (n: string) => n,
      (n: string) => caLockLoginMessage('https://evil.example', n),
      (n: string) => caLockLoginMessage(origin, n).replace('/v1', '/v2'),
    ]) {
      const { nonce: other } = await issue();
      const refused = await loginWith(other, await signOnToken(misdirected(other)));
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('SIGNATURE_INVALID');
    }
    // A signature of another challenge does not do.
    const { nonce: another } = await issue();
    const forged = await loginWith(another, direct);
    expect(forged.json().error.code).toBe('SIGNATURE_INVALID');
  });

  test('revoked by the CA administrator: the binding ends, login is refused, the CRL lists it', async () => {
    // Revoked by the CA administrator: the binding ends at once, login is refused, the CRL lists it.
    const certSerial = row.certificateSerial;
    const revoked = await h.http({
      method: 'POST',
      url: `/api/v1/ca/certificates/${certSerial}/revoke`,
      token: staff.ca_b,
      payload: { reason: 'keyCompromise' },
    });
    expect(revoked.statusCode).toBe(200);
    const after = await caLogin(serial, pin);
    expect(after.login.statusCode).toBe(401);
    expect(after.login.json().error.code).toBe('CERTIFICATE_REVOKED');
    expect((await bindings(a))[0]).toMatchObject({
      active: false,
      usage: { code: 'revoked', label: { zh: '已吊销' } },
    });
    const crl = await h.http({ method: 'GET', url: '/api/v1/ca/crl' });
    const crlFile = path.join(os.tmpdir(), `crl-${certSerial}.der`);
    fs.writeFileSync(crlFile, crl.rawPayload);
    const text = execFileSync('openssl', ['crl', '-inform', 'DER', '-in', crlFile, '-noout', '-text']).toString();
    expect(text.replace(/:/g, '').toLowerCase()).toContain(certSerial);
    expect(text).toContain('Key Compromise');
    const again = await h.http({
      method: 'POST',
      url: `/api/v1/ca/certificates/${certSerial}/revoke`,
      token: staff.ca_b,
      payload: { reason: 'keyCompromise' },
    });
    expect(again.statusCode).toBe(409);

    expect(await h.client.workflow.getHandle(lifecycleWorkflowId(certSerial)).result()).toBe('revoked');
    await recordHistory(h.client, processId, 'binding/approved');
    await recordHistory(h.client, lifecycleWorkflowId(certSerial), 'certificate-lifecycle/revoked');
  });
});

test('a live certificate whose lifecycle is not running (made before lifecycles existed) is still revoked through one', async () => {
  const a = await activeApplicant(h, staff.adm_b);
  await drive.madeUKeys(a, [hsm.serials[6]]);
  const { serial_hex: certSerial } = await h.db
    .selectFrom('certificates')
    .select('serial_hex')
    .where('token_serial', '=', hsm.serials[6])
    .executeTakeFirstOrThrow();
  const lifecycle = h.client.workflow.getHandle(lifecycleWorkflowId(certSerial));
  // (the UKey is answered made before its lifecycle starts)
  await eventually(
    () =>
      lifecycle.describe().then(
        (d) => d.status.name === 'RUNNING',
        (err) => (err instanceof WorkflowNotFoundError ? false : Promise.reject(err)),
      ),
    'the lifecycle running',
  );
  await lifecycle.terminate('as if the certificate had been made before lifecycles existed');
  const revoked = await h.http({
    method: 'POST',
    url: `/api/v1/ca/certificates/${certSerial}/revoke`,
    token: staff.ca_b,
    payload: { reason: 'superseded' },
  });
  expect(revoked.statusCode).toBe(200);
  expect(revoked.json()).toMatchObject({ serial: certSerial, status: 'revoked' });
  expect(await h.client.workflow.getHandle(lifecycleWorkflowId(certSerial)).result()).toBe('revoked');
  const row = await h.db
    .selectFrom('certificates')
    .select(['status', 'revocation_reason'])
    .where('serial_hex', '=', certSerial)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ status: 'revoked', revocation_reason: 'superseded' });
  const again = await h.http({
    method: 'POST',
    url: `/api/v1/ca/certificates/${certSerial}/revoke`,
    token: staff.ca_b,
    payload: { reason: 'superseded' },
  });
  expect(again.statusCode).toBe(409);
  expect(again.json().error.code).toBe('CERTIFICATE_ENDED');
});

test('read-lock refuses a token without a certificate, a foreign certificate, and another enterprise’s certificate', async () => {
  const a = await activeApplicant(h, staff.adm_b);
  const blank = await readLock(a, hsm.serials[1]);
  expect(blank.statusCode).toBe(409);
  expect(blank.json().error).toMatchObject({
    code: 'NO_CERTIFICATE',
    message: { zh: expect.any(String), en: expect.any(String) },
  });

  // A token whose certificate another CA issued (same subject, same credit code).
  const foreignSerial = hsm.serials[2];
  const otherCa = await BuiltinCa.open({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'other-ca-')) });
  await station.module.withSession(foreignSerial, hsm.factoryPin, async (s) => {
    const id = Buffer.from('f0f0', 'hex');
    const { spki } = await s.generateRsaKeyPair(id, 'foreign');
    const csr = await buildCsr({
      subject: {
        country: 'CN',
        organizationName: a.entityName,
        commonName: a.entityName,
        organizationIdentifier: a.creditCode,
      },
      spki,
      sign: (tbs) => s.sign(id, tbs),
    });
    const cert = await otherCa.issue({
      csrDer: csr,
      subject: { organizationName: a.entityName, creditCode: a.creditCode },
      validityYears: 1,
    });
    s.writeCertificate(id, 'foreign', cert.der);
  });
  const foreign = await readLock(a, foreignSerial);
  expect(foreign.statusCode).toBe(422);
  expect(foreign.json().error.code).toBe('FOREIGN_CERTIFICATE');
  expect(
    (
      await h.http({
        method: 'POST',
        url: '/api/v1/enterprise/ca-bindings',
        token: a.token,
        payload: { stationId: STATION, tokenSerial: foreignSerial },
      })
    ).statusCode,
  ).toBe(422);

  // A UKey made for another enterprise.
  const b = await activeApplicant(h, staff.adm_b);
  await drive.madeUKeys(b, [hsm.serials[3]]);
  const notOurs = await readLock(a, hsm.serials[3]);
  expect(notOurs.statusCode).toBe(422);
  expect(notOurs.json().error.code).toBe('NOT_THIS_ENTERPRISE');
  expect(await bindings(a)).toEqual([]);
});

test('获取锁信息 on the applicant’s computer: the certificate the agent reads off the UKey, checked to be this enterprise’s and written to that UKey', async () => {
  const a = await activeApplicant(h, staff.adm_b);
  const b = await activeApplicant(h, staff.adm_b);
  const [ours, theirs] = [hsm.serials[7], hsm.serials[10]];
  await drive.madeUKeys(a, [ours]);
  await drive.madeUKeys(b, [theirs]);
  // What the console does: the agent on this computer reads the certificate (no PIN), the API checks it.
  const certificateOn = async (serial: string) => {
    const read = await agentCall(new URL(agent.url), 'GET', `/v1/tokens/${serial}/certificate`, { origin });
    expect(read.status).toBe(200);
    return read.body.certificate as string;
  };
  const readHere = (tokenSerial: string, certificate: string) =>
    h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings/read-lock',
      token: a.token,
      payload: { tokenSerial, certificate },
    });
  const certificate = await certificateOn(ours);
  const read = await readHere(ours, certificate);
  expect(read.statusCode).toBe(200);
  expect(read.json()).toMatchObject({ lockNo: ours, alreadyBound: false });
  expect(read.json().certificate.subject).toContain(a.creditCode);

  // The same certificate claimed for another UKey: refused on the lock number.
  const elsewhere = await readHere(theirs, certificate);
  expect(elsewhere.statusCode).toBe(422);
  expect(elsewhere.json().error).toMatchObject({
    code: 'NOT_THIS_UKEY',
    fields: [expect.objectContaining({ field: 'tokenSerial', code: 'not_this_ukey' })],
  });
  // Another enterprise's certificate, and bytes that are no certificate: refused on the certificate.
  const foreign = await readHere(theirs, await certificateOn(theirs));
  expect(foreign.statusCode).toBe(422);
  expect(foreign.json().error).toMatchObject({
    code: 'NOT_THIS_ENTERPRISE',
    fields: [expect.objectContaining({ field: 'certificate', code: 'not_this_enterprise' })],
  });
  const garbage = await readHere(ours, Buffer.from('not a certificate').toString('base64'));
  expect(garbage.statusCode).toBe(422);
  expect(garbage.json().error.fields[0]).toMatchObject({ field: 'certificate', code: 'certificate_invalid' });
  // A body mixing both ways is not one of them.
  const mixed = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/ca-bindings/read-lock',
    token: a.token,
    payload: { stationId: STATION, tokenSerial: ours, certificate },
  });
  expect(mixed.statusCode).toBe(400);
  expect(await bindings(a)).toEqual([]);

  // 确认并返回 with what was read: a new binding, not yet submitted.
  const added = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/ca-bindings',
    token: a.token,
    payload: { tokenSerial: ours, certificate },
  });
  expect(added.statusCode).toBe(201);
  expect(added.json()).toMatchObject({ lockNo: ours, review: { code: 'unsubmitted' } });
});

test('who may list a station’s tokens: the CA desk all of them, an applicant the blank ones and its own UKeys, nobody else', async () => {
  const a = await activeApplicant(h, staff.adm_b);
  const b = await activeApplicant(h, staff.adm_b);
  const [ofA, ofB] = [hsm.serials[8], hsm.serials[9]];
  await drive.madeUKeys(a, [ofA]);
  await drive.madeUKeys(b, [ofB]);
  const tokens = (token?: string) => h.http({ method: 'GET', url: `/api/v1/stations/${STATION}/tokens`, token });
  const stations = (token?: string) => h.http({ method: 'GET', url: '/api/v1/stations', token });
  type Listed = { serial: string; blank: boolean; certificateSerial: string | null; pinAttemptsLeft: number };

  // Without a session nothing, not even which stations exist.
  for (const res of [await tokens(), await stations()]) expect(res.statusCode).toBe(401);
  // Staff outside the CA desk have no business with tokens.
  await h.staff('rev_l', ['registration_reviewer']);
  await h.staff('fin_l', ['finance']);
  for (const login of ['rev_l', 'fin_l', 'bind_b']) {
    const token = login === 'bind_b' ? staff.bind_b : await h.login(login);
    for (const res of [await tokens(token), await stations(token)]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  }

  // The CA desk sees every token, with its certificate and PIN attempts left, and the station's module.
  const desk: Listed[] = (await tokens(staff.ca_b)).json().items;
  expect(desk.map((t) => t.serial)).toEqual(expect.arrayContaining([ofA, ofB, hsm.serials[0], hsm.serials[2]]));
  expect(desk.find((t) => t.serial === ofA)).toMatchObject({
    blank: false,
    certificateSerial: expect.stringMatching(/^[0-9a-f]+$/),
    pinAttemptsLeft: h.config.station.pinAttemptLimit,
  });
  expect((await stations(staff.ca_b)).json().items).toEqual([
    expect.objectContaining({ id: STATION, module: hsm.modulePath }),
  ]);
  const blank = desk.filter((t) => t.blank).map((t) => t.serial);
  expect(blank.length).toBeGreaterThan(0);

  // An applicant sees the blank tokens (to make UKeys) and its own enterprise's UKeys: never another's serial.
  for (const [who, own, other] of [
    [a, ofA, ofB],
    [b, ofB, ofA],
  ] as const) {
    const seen: Listed[] = (await tokens(who.token)).json().items;
    expect(seen.map((t) => t.serial).sort()).toEqual([...blank, own].sort());
    expect(JSON.stringify(seen)).not.toContain(other);
    const listedStations = (await stations(who.token)).json().items;
    expect(listedStations).toEqual([expect.objectContaining({ id: STATION, online: true })]);
    expect(listedStations[0]).not.toHaveProperty('module');
  }
});

test('an unsubmitted row is deleted; removing a binding goes through approval; a lost UKey is revoked with a re-issue pre-filled', async () => {
  const a = await activeApplicant(h, staff.adm_b);
  const [first, second] = [hsm.serials[4], hsm.serials[5]];
  const { pin } = await drive.madeUKeys(a, [first, second]);

  const draft = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/ca-bindings',
    token: a.token,
    payload: { stationId: STATION, tokenSerial: second },
  });
  expect(
    (await h.http({ method: 'DELETE', url: `/api/v1/enterprise/ca-bindings/${draft.json().id}`, token: a.token }))
      .statusCode,
  ).toBe(204);
  expect(await bindings(a)).toEqual([]);

  await bind(a, first);
  expect((await caLogin(first, pin)).login.statusCode).toBe(200);
  const bound = (await bindings(a))[0];
  expect(
    (await h.http({ method: 'DELETE', url: `/api/v1/enterprise/ca-bindings/${bound.id}`, token: a.token })).statusCode,
  ).toBe(409);
  const withReason = await h.http({
    method: 'POST',
    url: `/api/v1/enterprise/ca-bindings/${bound.id}/removal`,
    token: a.token,
    payload: { reason: '不再使用' },
  });
  expect(withReason.statusCode).toBe(400);
  expect(withReason.json().error.fields).toEqual([
    expect.objectContaining({ field: 'reason', code: 'additionalProperties' }),
  ]);
  const removal = await h.http({
    method: 'POST',
    url: `/api/v1/enterprise/ca-bindings/${bound.id}/removal`,
    token: a.token,
  });
  expect(removal.statusCode).toBe(201);
  expect(removal.json()).toMatchObject({
    change: { code: 'remove', label: { zh: '删除' } },
    review: { code: 'unsubmitted' },
  });
  // Its 序号 is the one the table shows.
  expect((await bindings(a)).find((b: { id: string }) => b.id === removal.json().id).no).toBe(removal.json().no);
  expect(removal.json().no).toBeGreaterThan(1);
  const { processId } = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token })
  ).json();
  // Still in force until the removal is approved.
  expect((await caLogin(first, pin)).login.statusCode).toBe(200);
  const task = await drive.taskFor(processId, 'binding.review', staff.bind_b);
  expect((await drive.decide(staff.bind_b, task.id, { outcome: 'approve', fields: phoneRecord })).statusCode).toBe(200);
  await eventually(async () => !(await bindings(a)).some((b: { active: boolean }) => b.active), 'the binding removed');
  expect((await caLogin(first, pin)).login.json().error.code).toBe('NOT_BOUND');

  // The second UKey, bound, then reported lost: revoked, unbound, and a re-issue order is pre-filled.
  await bind(a, second);
  const rows = await bindings(a);
  const lostRow = rows.find((r: { lockNo: string; active: boolean }) => r.lockNo === second && r.active);
  const lost = await h.http({
    method: 'POST',
    url: `/api/v1/enterprise/certificates/${lostRow.certificateSerial}/report-lost`,
    token: a.token,
    payload: { kind: 'lost' },
  });
  expect(lost.statusCode).toBe(200);
  expect(lost.json()).toMatchObject({
    status: 'revoked',
    reissue: {
      serviceId: 'org-primary',
      quantity: 1,
      reissueOf: lostRow.certificateSerial,
      organization: { name: a.entityName, creditCode: a.creditCode },
    },
  });
  expect((await caLogin(second, pin)).login.json().error.code).toBe('CERTIFICATE_REVOKED');
  const reissue = {
    ...lost.json().reissue,
    organization: { ...lost.json().reissue.organization, nameConfirm: a.entityName, creditCodeConfirm: a.creditCode },
    agreementsAccepted: true,
  };
  const place = (payload: object) => h.http({ method: 'POST', url: '/api/v1/ca/orders', token: a.token, payload });
  // A re-issue replaces one UKey; a certificate still good needs none; another enterprise's is not ours to re-issue.
  const two = await place({ ...reissue, quantity: 2 });
  expect(two.statusCode).toBe(400);
  expect(two.json().error.fields).toEqual([expect.objectContaining({ field: 'quantity', code: 'reissue_one' })]);
  const firstCertificate = rows.find((r: { lockNo: string }) => r.lockNo === first).certificateSerial;
  const stillGood = await place({ ...reissue, reissueOf: firstCertificate });
  expect(stillGood.statusCode).toBe(400);
  expect(stillGood.json().error.fields).toEqual([expect.objectContaining({ field: 'reissueOf', code: 'not_needed' })]);
  const unknown = await place({ ...reissue, reissueOf: 'ab'.repeat(16) });
  expect(unknown.json().error.fields).toEqual([expect.objectContaining({ field: 'reissueOf', code: 'unknown' })]);
  // The re-issue order names the certificate it replaces; a second one is refused.
  const reorder = await place(reissue);
  expect(reorder.statusCode).toBe(201);
  expect((await drive.order(a, reorder.json().id)).reissueOf).toBe(lostRow.certificateSerial);
  const again = await place(reissue);
  expect(again.statusCode).toBe(409);
  expect(again.json().error.code).toBe('REISSUE_ORDERED');
});

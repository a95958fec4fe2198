/**
 * The renewal's crash drill (issue 13): the product (API, workers and token station in one process,
 * scripts/stack.ts) runs as a child on the real PostgreSQL, Temporal dev server and SoftHSM2. A UKey is
 * made and bound through it, its renewal placed and paid; then the renewal is asked for at the station and
 * the whole product is killed with SIGKILL four times while the same UKey is renewed — as soon as the
 * order is in production, as soon as the station records its first step on the token (the new key pair
 * under way, the renewal's PIN set), as soon as the new certificate is issued, and as soon as the switch to
 * it is recorded — each time restarted on the same data while the applicant retries with the same
 * Idempotency-Key until a final answer. After every kill the token, opened here, holds exactly one usable
 * certificate (installed, its private key beside it); at the end it holds exactly one certificate and one
 * key pair, the new ones; the old certificate is revoked as superseded; the renewal was charged once and
 * its code sent by one SMS; the binding followed.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pemToDer } from '../../integrations/ca/x509';
import { PinIncorrectError, Pkcs11Module, type TokenCertificate, type TokenKey } from '../../integrations/token/pkcs11';
import { freePort } from '../../scripts/temporal-dev';
import { activeApplicant, outbox } from '../support/enterprise';
import { bundle, CAPTCHA, eventually, startHarness, TEST_CODEC_KEY, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';
import {
  kill,
  send as sendTo,
  spawnProduct,
  untilFinal as untilFinalAt,
  type Attempt,
} from '../support/product-process';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

const ROOT = path.join(__dirname, '..', '..');
const stationId = `renew-crash-${randomBytes(4).toString('hex')}`;
let h: Harness;
let hsm: TestSoftHsm;
let bundlePath: string;
let dataDir: string;
let port: number;
let product: ChildProcess | null = null;

/** Starts the product as a child process on the harness's database and task queue and the test's SoftHSM2. */
async function startProduct(): Promise<ChildProcess> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    CODEC_KEYS: `test1:${TEST_CODEC_KEY}`,
    SECRET_STORE_KEY: h.config.secretStoreKey.toString('base64'),
    TEMPORAL_ADDRESS: h.config.temporal.address,
    TEMPORAL_TASK_QUEUE: h.config.temporal.taskQueue,
    DATABASE_URL: h.config.databaseUrl ?? '',
    DATA_DIR: dataDir,
    HTTP_PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CAPTCHA_TEST_ANSWER: CAPTCHA,
    RATE_LIMIT_FACTOR: '100',
    STATION_ID: stationId,
    PKCS11_MODULE: hsm.modulePath,
    SOFTHSM2_CONF: hsm.conf,
    SOFTHSM_DIR: hsm.dir,
    TOKEN_FACTORY_PIN: hsm.factoryPin,
    STATION_BLANK_TOKENS: '0',
    AGENT_PORT: String(await freePort()),
    PRODUCTION_WAIT: '2s',
  };
  return spawnProduct(env, bundlePath);
}

/** Sends `r` to the product (null while it is down). */
const send = (r: Attempt) => sendTo(port, r);
/** Retries `r` with its key until the answer is final. */
const untilFinal = (r: Attempt) => untilFinalAt(port, r, 240);

/** Polls `probe` often (a kill should land as close to the moment it names as it can) until it holds. */
async function assoonas(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The certificates the records say are installed on a token (the one usable certificate a UKey may have). */
const installedOn = async (tokenSerial: string) =>
  (
    await h.db
      .selectFrom('certificates')
      .select('serial_hex')
      .where('token_serial', '=', tokenSerial)
      .where('status', '=', 'installed')
      .execute()
  ).map((c) => c.serial_hex);

/** What a token holds, read here (with the product down: one process may hold the module at a time). */
async function objectsOn(
  tokenSerial: string,
  pin: string,
): Promise<{ certificates: TokenCertificate[]; keys: TokenKey[] }> {
  const module = Pkcs11Module.open(hsm.modulePath);
  try {
    return await module.withSession(tokenSerial, pin, async (s) => ({
      certificates: s.certificates(),
      keys: s.keys(),
    }));
  } finally {
    module.close();
  }
}

/**
 * The usable certificates on a token (installed in the records, their private key beside them), read with
 * the first of `pins` that opens it: the renewal sets its own PIN at some point of its course.
 */
async function usableOn(tokenSerial: string, pins: string[]): Promise<string[]> {
  for (const pin of pins) {
    let objects;
    try {
      objects = await objectsOn(tokenSerial, pin);
    } catch (err) {
      if (err instanceof PinIncorrectError) continue;
      throw err;
    }
    const installed = await h.db
      .selectFrom('certificates')
      .select(['serial_hex', 'pem'])
      .where('token_serial', '=', tokenSerial)
      .where('status', '=', 'installed')
      .execute();
    return installed
      .filter((c) =>
        objects.certificates.some(
          (o) => o.der.equals(pemToDer(c.pem)) && objects.keys.some((k) => k.class === 'private' && k.id.equals(o.id)),
        ),
      )
      .map((c) => c.serial_hex);
  }
  throw new Error(`no PIN opens token ${tokenSerial}`);
}

beforeAll(async () => {
  hsm = await createSoftHsm(1);
  const workflows = await bundle(path.join(ROOT, 'workflows'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-renew-crash-'));
  bundlePath = path.join(dataDir, 'workflows.js');
  fs.writeFileSync(bundlePath, workflows.code);
  port = await freePort();
  // (the harness's API shares the database and task queue and runs no worker nor station: it sets up and reads)
  h = await startHarness({});
  product = await startProduct();
}, 180_000);

afterAll(async () => {
  if (product && product.exitCode === null && product.signalCode === null) await kill(product);
  await h?.close();
  await hsm?.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a renewal killed in production, at the token, after issue and after the switch, restarted each time: one usable certificate on the UKey, one charge, one code', async () => {
  await h.staff('rc_admin', ['admin', 'operator']);
  await h.staff('rc_ca', ['ca_admin']);
  await h.staff('rc_bind', ['binding_admin']);
  const staff = { admin: await h.login('rc_admin'), caAdmin: await h.login('rc_ca'), bind: await h.login('rc_bind') };
  const a = await activeApplicant(h, staff.admin);
  const drive = orderDriver(h, staff, stationId);
  const [serial] = hsm.serials;

  // The UKey made through the product, and bound as a CA lock.
  const first = await drive.placeOrder(a, 1);
  await drive.submitMaterials(a, first.id);
  await drive.notify((await drive.payOnline(a, first.id)).notice);
  const firstCode = await drive.approveAndReadSms(a, first);
  const made = await untilFinal({
    key: `make-${serial}`,
    url: `/api/v1/ca/orders/${first.id}/tokens`,
    token: a.token,
    body: { stationId, tokenSerial: serial, ukeyModel: 'SoftHSM v2', authCode: firstCode.code },
  });
  expect(made.status).toBe(201);
  const oldCert = made.body.certificateSerial as string;
  // (through the product: the certificate is checked against its CA, which the harness does not share)
  const added = await untilFinal({
    key: `bind-${serial}`,
    url: '/api/v1/enterprise/ca-bindings',
    token: a.token,
    body: { stationId, tokenSerial: serial },
  });
  expect(added.status).toBe(201);
  const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token });
  const review = await drive.taskFor(submitted.json().processId, 'binding.review', staff.bind);
  const phone = { callerName: '陈沁', callerNumber: '0571-86090941', calledAt: '2026-11-25T03:00:00Z', notes: '绑定' };
  expect((await drive.decide(staff.bind, review.id, { outcome: 'approve', fields: phone })).statusCode).toBe(200);
  await eventually(
    async () =>
      (await h.db
        .selectFrom('ca_bindings')
        .select('id')
        .where('certificate_serial', '=', oldCert)
        .where('active', '=', true)
        .executeTakeFirst()) ?? undefined,
    'the binding in force',
  );

  // Its renewal placed and paid; the new code and PIN read from the SMS.
  const placed = await h.http({
    method: 'POST',
    url: `/api/v1/enterprise/certificates/${oldCert}/renewal`,
    token: a.token,
    payload: {},
  });
  expect(placed.statusCode).toBe(201);
  const renewalId = placed.json().id as string;
  const handlerMobile = (await drive.order(a, renewalId)).registration.handler.mobile;
  await drive.notify((await drive.payOnline(a, renewalId)).notice);
  await drive.waitStatus(a, renewalId, 'approved');
  const sms = await eventually(
    async () =>
      (await outbox(h, staff.admin, handlerMobile)).find(
        (m) => m.body.includes('制证授权码') && !m.body.includes(firstCode.code),
      ),
    'the renewal’s authorisation SMS',
  );
  const [, code, renewalPin] = /制证授权码：([A-Z0-9]{6})，ukey 初始 pin 码：(\d{6})/.exec(sms.body)!;

  // The renewal asked for at the station; the product killed as soon as each point is recorded.
  const renew: Attempt = {
    key: `renew-${serial}`,
    url: `/api/v1/ca/orders/${renewalId}/tokens`,
    token: a.token,
    body: { stationId, tokenSerial: serial, ukeyModel: 'SoftHSM v2', authCode: code },
  };
  const renewalCertificates = () =>
    h.db.selectFrom('certificates').select(['serial_hex', 'status']).where('order_id', '=', renewalId).execute();
  const killPoints: { what: string; reached: () => Promise<boolean> }[] = [
    {
      what: 'the request accepted: the order in production',
      reached: async () =>
        (await h.db.selectFrom('ca_orders').select('status').where('id', '=', renewalId).executeTakeFirstOrThrow())
          .status === 'in_production',
    },
    {
      what: 'the station at work on the token: a step recorded (the new key pair generated beside the old one)',
      reached: async () =>
        (await h.db.selectFrom('order_tokens').select('id').where('order_id', '=', renewalId).execute()).length > 0,
    },
    { what: 'the new certificate issued', reached: async () => (await renewalCertificates()).length > 0 },
    {
      what: 'the switch recorded: the old certificate superseded',
      reached: async () =>
        (
          await h.db
            .selectFrom('certificates')
            .select('superseded_by')
            .where('serial_hex', '=', oldCert)
            .executeTakeFirstOrThrow()
        ).superseded_by !== null,
    },
  ];
  for (const point of killPoints) {
    const asking = send(renew);
    await assoonas(point.reached, point.what);
    await kill(product!);
    await asking;
    // Dead at this point: exactly one usable certificate on the UKey, and the records say the same.
    const usable = await usableOn(serial, [renewalPin, firstCode.pin]);
    expect(usable).toHaveLength(1);
    expect(await installedOn(serial)).toEqual(usable);
    product = await startProduct();
  }

  const renewed = await untilFinal(renew);
  expect(renewed.status).toBe(201);
  expect(renewed.body).toMatchObject({ status: 'done', tokenSerial: serial, remaining: 0 });
  const newCert = renewed.body.certificateSerial as string;
  expect(newCert).not.toBe(oldCert);
  expect(await untilFinal(renew)).toEqual(renewed);
  await drive.waitStatus(a, renewalId, 'completed');

  // One certificate issued for the renewal, installed; the old one revoked as superseded by it.
  expect(await renewalCertificates()).toEqual([{ serial_hex: newCert, status: 'installed' }]);
  expect(
    await h.db
      .selectFrom('certificates')
      .select(['status', 'revocation_reason', 'superseded_by'])
      .where('serial_hex', '=', oldCert)
      .executeTakeFirstOrThrow(),
  ).toEqual({ status: 'revoked', revocation_reason: 'superseded', superseded_by: newCert });
  expect(await installedOn(serial)).toEqual([newCert]);

  // Charged once; the code sent once, by one SMS.
  const paid = await h.db
    .selectFrom('payments')
    .select('id')
    .where('order_id', '=', renewalId)
    .where('status', '=', 'paid')
    .execute();
  expect(paid).toHaveLength(1);
  const codeSms = await h.db
    .selectFrom('notifications')
    .select('id')
    .where('template', '=', 'order.auth_code')
    .where('channel', '=', 'sms')
    .where('message_key', 'like', `authcode:${renewalId}:%`)
    .execute();
  expect(codeSms).toHaveLength(1);
  const codes = (await outbox(h, staff.admin, handlerMobile)).filter((m) => m.body.includes(code));
  expect(codes).toHaveLength(1);

  // The binding followed the UKey to the new certificate.
  const bindings = await h.db
    .selectFrom('ca_bindings')
    .select(['id', 'certificate_serial', 'active', 'followed_from'])
    .where('certificate_serial', 'in', [oldCert, newCert])
    .execute();
  const followed = bindings.find((b) => b.certificate_serial === newCert);
  expect(followed).toMatchObject({ active: true });
  expect(bindings.find((b) => b.id === followed!.followed_from)).toMatchObject({
    certificate_serial: oldCert,
    active: false,
  });

  // The product stopped, the token opened here: one certificate and one key pair on it, the new ones.
  await kill(product!);
  product = null;
  expect(await usableOn(serial, [renewalPin])).toEqual([newCert]);
  const { certificates, keys } = await objectsOn(serial, renewalPin);
  expect(certificates).toHaveLength(1);
  expect(keys.map((k) => k.class).sort()).toEqual(['private', 'public']);
  expect(keys.every((k) => k.id.equals(certificates[0].id))).toBe(true);
}, 600_000);

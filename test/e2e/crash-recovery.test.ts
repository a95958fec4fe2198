/**
 * The crash drill of issue 9 part 10: the product (API, workers and token station in one process,
 * scripts/stack.ts) runs as a child on the real PostgreSQL, Temporal dev server and SoftHSM2, and is killed
 * with SIGKILL while an approval (which issues the authorisation code) and three UKeys are in flight. It is
 * restarted on the same data; each client retries with its Idempotency-Key until it hears a final answer.
 * Every retry gets the original result, and every effect happened once: one code sent once (one SMS, one
 * email), each UKey made once. And three UKeys asked for at once past a short wait answer 202, then the
 * certificates to the same requests retried with their keys.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authCodeMatches } from '../../platform/seal';
import { freePort } from '../../scripts/temporal-dev';
import { activeApplicant } from '../support/enterprise';
import { bundle, CAPTCHA, eventually, startHarness, TEST_CODEC_KEY, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';
import {
  kill,
  send as sendTo,
  spawnProduct,
  untilFinal as untilFinalAt,
  type Attempt,
} from '../support/product-process';

const ROOT = path.join(__dirname, '..', '..');
const stationId = `crash-${randomBytes(4).toString('hex')}`;
let h: Harness;
let bundlePath: string;
let dataDir: string;
let port: number;
let product: ChildProcess | null = null;

/** Starts the product as a child process on the harness's database and task queue; resolves once it listens. */
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
    STATION_BLANK_TOKENS: '6',
    AGENT_PORT: String(await freePort()),
    PRODUCTION_WAIT: '2s',
    SOFTHSM2_CONF: undefined,
  };
  return spawnProduct(env, bundlePath);
}

/** Sends `r` to the product (null while it is down). */
const send = (r: Attempt) => sendTo(port, r);
/** Retries `r` with its key until the answer is final. */
const untilFinal = (r: Attempt) => untilFinalAt(port, r);

/** Three blank tokens at the station. */
async function blankTokens(token: string): Promise<string[]> {
  return eventually(async () => {
    const res = await h.http({ method: 'GET', url: `/api/v1/stations/${stationId}/tokens`, token });
    const serials = res.statusCode === 200 ? res.json().items.filter((t: { blank: boolean }) => t.blank) : [];
    return serials.length >= 3 ? serials.map((t: { serial: string }) => t.serial).slice(0, 3) : undefined;
  }, 'three blank tokens');
}

beforeAll(async () => {
  const workflows = await bundle(path.join(ROOT, 'workflows'));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-crash-'));
  bundlePath = path.join(dataDir, 'workflows.js');
  fs.writeFileSync(bundlePath, workflows.code);
  port = await freePort();
  // (the harness's API shares the database and task queue and runs no worker: it sets up and reads)
  // (its UKey requests wait 1 ms, so they answer 202 whatever the machine's speed)
  h = await startHarness({ env: { PRODUCTION_WAIT: '1ms' } });
  product = await startProduct();
});

afterAll(async () => {
  if (product && product.exitCode === null && product.signalCode === null) await kill(product);
  await h?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('killed with an approval and three UKeys in flight, restarted: every retry gets the original answer, every effect happens once', async () => {
  await h.staff('crash_admin', ['admin', 'operator']);
  await h.staff('crash_ca', ['ca_admin']);
  const staff = { admin: await h.login('crash_admin'), caAdmin: await h.login('crash_ca') };
  const a = await activeApplicant(h, staff.admin);
  const drive = orderDriver(h, staff, stationId);

  // Order A waits for its review; order B is approved, its code in hand.
  const orderA = await drive.placeOrder(a, 1);
  await drive.submitMaterials(a, orderA.id);
  await drive.notify((await drive.payOnline(a, orderA.id)).notice);
  const review = await drive.taskFor(orderA.processId, 'order.review', staff.caAdmin);
  const orderB = await drive.placeOrder(a, 3);
  await drive.submitMaterials(a, orderB.id);
  await drive.notify((await drive.payOnline(a, orderB.id)).notice);
  const { code } = await drive.approveAndReadSms(a, orderB);
  const blanks = await blankTokens(a.token);

  const attempts: Attempt[] = [
    {
      key: 'approve-a',
      url: `/api/v1/tasks/${review.id}/complete`,
      token: staff.caAdmin,
      body: { outcome: 'approve', comment: '材料齐全' },
    },
    ...blanks.map((serial: string) => ({
      key: `ukey-${serial}`,
      url: `/api/v1/ca/orders/${orderB.id}/tokens`,
      token: a.token,
      body: { stationId, tokenSerial: serial, ukeyModel: 'SoftHSM v2', authCode: code },
    })),
  ];

  // In flight: the approval and the three UKeys; the product dies once the station is at work.
  const firstTries = attempts.map(send);
  await eventually(
    async () =>
      (await h.db.selectFrom('order_tokens').select('id').where('order_id', '=', orderB.id).execute()).length > 0 ||
      undefined,
    'a UKey under way',
  );
  await kill(product!);
  await Promise.all(firstTries);
  product = await startProduct();

  const answers = await Promise.all(attempts.map(untilFinal));
  const [approval, ...ukeys] = answers;
  expect(approval.status).toBe(200);
  expect(approval.body).toMatchObject({ outcome: 'approve' });
  for (const [i, made] of ukeys.entries()) {
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'done', tokenSerial: blanks[i] });
  }
  // A retry after that hears the same answer again.
  for (const [i, r] of attempts.entries()) expect(await untilFinal(r)).toEqual(answers[i]);

  // One code, sent once by SMS and once by email, and it is the code that works.
  // (the code is issued after the decision is recorded: the messages may come a moment after its answer)
  const sent = await eventually(async () => {
    const rows = await h.db
      .selectFrom('notifications')
      .select(['channel', 'message_key'])
      .where('template', '=', 'order.auth_code')
      .where('message_key', 'like', `authcode:${orderA.id}:%`)
      .where('status', '=', 'sent')
      .execute();
    return rows.length >= 2 ? rows : undefined;
  }, "order A's code sent");
  expect(sent.map((n) => n.channel).sort()).toEqual(['email', 'sms']);
  const handlerMobile = (await drive.order(a, orderA.id)).registration.handler.mobile;
  const codes = (await h.services.notifier.outbox(handlerMobile, 100))
    .filter((m) => m.channel === 'sms' && m.body.includes('制证授权码'))
    .map((m) => /制证授权码：([A-Z0-9]{6})/.exec(m.body)![1]);
  expect(codes).toHaveLength(1);
  const storedA = await h.db
    .selectFrom('ca_orders')
    .select('auth_code_hash')
    .where('id', '=', orderA.id)
    .executeTakeFirstOrThrow();
  expect(authCodeMatches(h.config.secretStoreKey, orderA.id, codes[0], storedA.auth_code_hash!)).toBe(true);

  // Each UKey made once: one done item and one installed certificate per token.
  const items = await h.db
    .selectFrom('order_tokens')
    .select(['token_serial', 'status'])
    .where('order_id', '=', orderB.id)
    .where('status', '=', 'done')
    .execute();
  expect(items.map((i) => i.token_serial).sort()).toEqual([...blanks].sort());
  const certificates = await h.db
    .selectFrom('certificates')
    .select('token_serial')
    .where('order_id', '=', orderB.id)
    .where('status', '=', 'installed')
    .execute();
  expect(certificates.map((c) => c.token_serial).sort()).toEqual([...blanks].sort());
});

test('three UKeys asked for at once past a short wait answer 202, and each retry with its key the certificate', async () => {
  const staff = { admin: await h.login('crash_admin'), caAdmin: await h.login('crash_ca') };
  const a = await activeApplicant(h, staff.admin);
  const drive = orderDriver(h, staff, stationId);
  const order = await drive.placeOrder(a, 3);
  await drive.submitMaterials(a, order.id);
  await drive.notify((await drive.payOnline(a, order.id)).notice);
  const { code } = await drive.approveAndReadSms(a, order);
  const blanks = await blankTokens(a.token);
  const ask = (serial: string) =>
    h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${order.id}/tokens`,
      token: a.token,
      headers: { 'idempotency-key': `slow-${serial}` },
      payload: { stationId, tokenSerial: serial, ukeyModel: 'SoftHSM v2', authCode: code },
    });

  const first = await Promise.all(blanks.map(ask));
  for (const res of first) {
    expect(res.statusCode).toBe(202);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json()).toMatchObject({ status: 'in_progress', itemId: expect.any(String) });
  }
  const made = await Promise.all(
    blanks.map((serial) =>
      eventually(
        async () => {
          const res = await ask(serial);
          return res.statusCode === 202 ? undefined : res;
        },
        `the UKey on ${serial}`,
        60_000,
      ),
    ),
  );
  for (const [i, res] of made.entries()) {
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'done',
      itemId: first[i].json().itemId,
      tokenSerial: blanks[i],
      certificateSerial: expect.any(String),
    });
  }
});

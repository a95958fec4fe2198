/**
 * `npm run bench:tokens`: UKeys made per minute through the whole path (HTTP → order workflow → token
 * station → CA → token) against the same cryptographic work done directly with pkcs11js on the same
 * SoftHSM2 in the same run: RSA-2048 key pair on the token, request signed on the token, certificate
 * issued by the same CA, certificate written, PIN set. The two kinds alternate token by token; rates
 * come from the median time per UKey. Last line: `tokens per_min=<x> raw_per_min=<y> ratio=<x/y>`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import { sql } from 'kysely';
import { buildApp } from '../api/app';
import { createStaffUser } from '../api/repos/users';
import { buildCsr } from '../integrations/token/csr';
import type { RegistrationProfile } from '../domain/registration';
import { creditCodeCheckChar } from '../domain/validators';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openServices } from '../integrations';
import { connectClient } from '../platform/temporal';
import { ensureSoftHsmConfig, initBlankTokens, softHsmModulePath, TOKEN_DEFAULTS } from '../scripts/tokens';
import { createTokenStation } from '../workers/token-station';
import { createMainWorker } from '../workers/main';
import { installWorkerRuntime } from '../workers/options';
import { httpLogin, nowMs, quantile, startBenchEnv } from './support';

const N = Number(process.env.BENCH_TOKENS ?? 190);
/** UKeys of each kind made first and not counted (warm-up). */
const WARMUP = 2;

async function main(): Promise<void> {
  installWorkerRuntime(createLogger('warn', 'bench'));
  // A private SoftHSM2 with 2N blank tokens, before the module is loaded.
  const hsmDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hsm-'));
  process.env.SOFTHSM2_CONF = ensureSoftHsmConfig(hsmDir);
  const total = N + WARMUP;
  const serials = initBlankTokens({
    conf: process.env.SOFTHSM2_CONF,
    count: 2 * total,
    labelPrefix: 'BENCH-',
    soPin: TOKEN_DEFAULTS.soPin,
    pin: TOKEN_DEFAULTS.factoryPin,
  });

  const env = await startBenchEnv({ temporal: true });
  const config = loadConfig({
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('SOFTHSM'))),
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: env.config.databaseUrl!,
    TEMPORAL_ADDRESS: env.config.temporal.address,
    TEMPORAL_TASK_QUEUE: 'bench',
    CODEC_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    SECRET_STORE_KEY: randomBytes(32).toString('base64'),
    CAPTCHA_TEST_ANSWER: 'bench',
    RATE_LIMIT_FACTOR: '100',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'bench-data-')),
    STATION_ID: 'bench',
    PKCS11_MODULE: softHsmModulePath(),
    TOKEN_FACTORY_PIN: TOKEN_DEFAULTS.factoryPin,
  });
  const services = await openServices(config);
  const client = await connectClient(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await createMainWorker({ config, services, connection });
  const running = worker.run();
  const station = await createTokenStation({
    config,
    db: services.db,
    secrets: services.secrets,
    ca: services.ca,
    connection,
    logger: createLogger('silent'),
  });
  const stationRunning = station.run();
  const app = await buildApp({ ...services, config, temporal: client, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const call = async (method: string, url: string, token: string, body?: unknown) => {
    const res = await fetch(base + url, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${url}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };

  // An approved order for N UKeys: active enterprise, order, materials, simulated payment, review.
  const name = '金华市基准测试建设工程有限公司';
  const body17 = '9133' + Array.from(randomBytes(13), (b) => '0123456789ABCDEFGHJKLMNPQRTUWXY'[b % 31]).join('');
  const creditCode = body17 + creditCodeCheckChar(body17);
  const enterpriseId = 'bench-enterprise';
  const profile: RegistrationProfile = {
    enterprise: { name, creditCode },
    contact: { name: '陈沁', mobile: '13909091234', email: 'bench@example.cn' },
  };
  await services.db
    .insertInto('enterprises')
    .values({
      id: enterpriseId,
      entity_name: name,
      name_key: name,
      status: 'active',
      credit_code: creditCode,
      approved_profile: JSON.stringify({ profile }),
    })
    .execute();
  const applicant = (await createStaffUser(services.db, {
    loginName: 'bench_ent',
    password: 'Bench12345',
    displayName: 'Bench',
    roles: ['operator'],
  }))!;
  await services.db
    .updateTable('users')
    .set({ kind: 'applicant', roles: ['applicant'], enterprise_id: enterpriseId })
    .where('id', '=', applicant.id)
    .execute();
  await createStaffUser(services.db, {
    loginName: 'bench_ca',
    password: 'Bench12345',
    displayName: 'CA',
    roles: ['ca_admin'],
  });
  await createStaffUser(services.db, {
    loginName: 'bench_ops',
    password: 'Bench12345',
    displayName: 'Ops',
    roles: ['operator'],
  });
  const [ent, ca, ops] = [
    await httpLogin(base, 'bench_ent', 'Bench12345', 'bench'),
    await httpLogin(base, 'bench_ca', 'Bench12345', 'bench'),
    await httpLogin(base, 'bench_ops', 'Bench12345', 'bench'),
  ];
  const order = await call('POST', '/api/v1/ca/orders', ent, {
    serviceId: 'org-primary',
    quantity: total,
    organization: {
      name,
      nameConfirm: name,
      creditCode,
      creditCodeConfirm: creditCode,
      address: '杭州市文三路8号',
      landline: '0571-88234700',
    },
    legalRepresentative: { name: '刘廷生' },
    handler: {
      name: '陈沁',
      idNumber: '330702196912060618',
      landline: '0571-86090941',
      mobile: '13909091234',
      email: 'bench@example.cn',
    },
    agreementsAccepted: true,
    invoice: {
      type: 'ordinary',
      title: name,
      taxpayerId: creditCode,
      bank: '平安银行',
      account: '31001234978978',
      address: '杭州市文三路8号',
      phone: '0571-86090941',
    },
    shipping: {
      courier: 'sf_prepaid',
      recipient: '陈沁',
      province: '浙江省',
      city: '杭州市',
      street: '文三路8号',
      mobile: '13909091234',
    },
  });
  for (const kind of ['business_license', 'handler_id', 'application_form']) {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), `${kind}.pdf`);
    const res = await fetch(`${base}/api/v1/ca/orders/${order.id}/materials`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ent}` },
      body: form,
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  }
  await call('POST', `/api/v1/ca/orders/${order.id}/materials/submit`, ent);
  const pay = await call('POST', `/api/v1/ca/orders/${order.id}/payments`, ent);
  await fetch(`${base}/api/v1/payments/simulator/${pay.paymentId}/pay`, { method: 'POST' });
  let review: { id: string } | undefined;
  while (!review) {
    await new Promise((r) => setTimeout(r, 100));
    review = (await call('GET', `/api/v1/tasks?processId=${order.processId}&kind=order.review`, ca)).items[0];
  }
  await call('POST', `/api/v1/tasks/${review.id}/complete`, ca, { outcome: 'approve' });
  let authCode: string | undefined;
  while (!authCode) {
    await new Promise((r) => setTimeout(r, 100));
    const sms = (await call('GET', '/api/v1/dev/outbox?to=13909091234', ops)).items as { body: string }[];
    authCode = sms.map((m) => /制证授权码：([A-Z0-9]{6})/.exec(m.body)?.[1]).find(Boolean);
  }

  // Alternate: one UKey through the product, one made directly, until N of each (after the warm-up).
  const whole: number[] = [];
  const raw: number[] = [];
  const id = (i: number) => Buffer.from(i.toString(16).padStart(16, '0'), 'hex');
  for (let i = 0; i < total; i++) {
    let t0 = nowMs();
    const made = await call('POST', `/api/v1/ca/orders/${order.id}/tokens`, ent, {
      stationId: 'bench',
      tokenSerial: serials[i],
      authCode,
    });
    if (made.status !== 'done') throw new Error(`token ${i}: ${JSON.stringify(made)}`);
    if (i >= WARMUP) whole.push(nowMs() - t0);

    t0 = nowMs();
    await station.module.withSession(serials[total + i], TOKEN_DEFAULTS.factoryPin, async (s) => {
      const { spki } = await s.generateRsaKeyPair(id(i), 'raw');
      const csr = await buildCsr({
        subject: { country: 'CN', organizationName: name, commonName: name, organizationIdentifier: creditCode },
        spki,
        sign: (tbs) => s.sign(id(i), tbs),
      });
      const cert = await services.ca.issue({
        csrDer: csr,
        subject: { organizationName: name, creditCode },
        validityYears: 1,
      });
      s.writeCertificate(id(i), 'raw', cert.der);
      s.setPin(TOKEN_DEFAULTS.factoryPin, '123456');
    });
    if (i >= WARMUP) raw.push(nowMs() - t0);
  }
  const updates = (await makeTokenUpdates(client, order.processId)).slice(WARMUP);
  const remaining = await services.db
    .selectFrom('order_tokens')
    .select(sql<number>`count(*)`.as('n'))
    .where('status', '=', 'done')
    .executeTakeFirstOrThrow();
  if (Number(remaining.n) !== total) throw new Error(`expected ${total} UKeys made, found ${remaining.n}`);

  await app.close();
  worker.shutdown();
  await running;
  await station.stop();
  await stationRunning;
  await connection.close();
  await client.connection.close();
  await services.close();
  await env.stop();
  fs.rmSync(hsmDir, { recursive: true, force: true });

  // RSA key generation time is heavy-tailed (prime search): rates come from the median UKey time.
  const median = (xs: number[]) => quantile(xs, 0.5);
  const perMin = (xs: number[]) => 60_000 / median(xs);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `ukeys=${N} each (after ${WARMUP} warm-up); whole path median_ms=${median(whole).toFixed(0)} mean_ms=${mean(whole).toFixed(0)}; direct median_ms=${median(raw).toFixed(0)} mean_ms=${mean(raw).toFixed(0)}`,
  );
  console.log(
    `where the whole path's time goes, median ms per UKey: outside the Update (HTTP, API, the Update reaching the workflow and its answer returning) ${median(whole.map((w, i) => w - updates[i].update)).toFixed(0)}; workflow tasks ${median(updates.map((u) => u.workflowTasks)).toFixed(0)}; station activity queued ${median(updates.map((u) => u.queued)).toFixed(0)}, ran ${median(updates.map((u) => u.ran)).toFixed(0)} (the direct path ${median(raw).toFixed(0)})`,
  );
  console.log(
    `tokens per_min=${perMin(whole).toFixed(1)} raw_per_min=${perMin(raw).toFixed(1)} ratio=${(perMin(whole) / perMin(raw)).toFixed(2)}`,
  );
}

/** The order's makeToken Updates in order, read from its history: their time, and the workflow tasks and station activity within. */
async function makeTokenUpdates(client: Client, workflowId: string) {
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
    Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const E = temporal.api.enums.v1.EventType;
  const rows: { update: number; queued: number; ran: number; workflowTasks: number }[] = [];
  let open: { at: number; queued: number; ran: number; workflowTasks: number } | null = null;
  const times = new Map<string, number>();
  for (const e of history.events ?? []) {
    const at = ms(e.eventTime);
    times.set(String(e.eventId), at);
    const since = (id: unknown) => at - times.get(String(id))!;
    switch (e.eventType) {
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        if (e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'makeToken')
          open = { at, queued: 0, ran: 0, workflowTasks: 0 };
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        if (open) open.queued += since(e.activityTaskStartedEventAttributes?.scheduledEventId);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        if (open) open.ran += since(e.activityTaskCompletedEventAttributes?.startedEventId);
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        if (open) open.workflowTasks += since(e.workflowTaskCompletedEventAttributes?.scheduledEventId);
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        if (open) rows.push({ ...open, update: at - open.at });
        open = null;
        break;
    }
  }
  return rows;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

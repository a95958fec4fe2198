/**
 * The Temporal service stalls (SIGSTOP) and dies (SIGKILL) under a running product: a request that needs it
 * answers 503 with Retry-After within seconds and `/ready` names it, within its own deadline; the same
 * request with the same key succeeds once it is back. The dev server is supervised as `npm start` does
 * (restarted on the same SQLite file), and the order carries on to a decision afterwards.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverter } from '../../platform/temporal';
import {
  freePort,
  readTemporalDevConfig,
  superviseTemporalDev,
  type SupervisedTemporalDev,
} from '../../scripts/temporal-dev';
import { ensureTemporalCli } from '../../scripts/tools';
import { activeApplicant } from '../support/enterprise';
import { bundle, eventually, startHarness, testConfig, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';

let dir: string;
let temporal: SupervisedTemporalDev;
let h: Harness;
const restarts: string[] = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-outage-'));
  const dev = readTemporalDevConfig();
  const ports = { frontend: await freePort(), ui: await freePort(), http: await freePort(), metrics: await freePort() };
  temporal = await superviseTemporalDev(
    ensureTemporalCli(),
    { ...dev, ports, database: path.join(dir, 'dev.sqlite'), logLevel: 'error' },
    { headless: true, quiet: true, log: (line) => restarts.push(line) },
  );
  const address = `${dev.ip}:${ports.frontend}`;
  const env = { TEMPORAL_ADDRESS: address };
  const config = testConfig(env);
  h = await startHarness({
    env,
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    connection: await NativeConnection.connect({ address }),
    client: new Client({
      connection: await Connection.connect({ address }),
      namespace: config.temporal.namespace,
      dataConverter: dataConverter(config),
    }),
  });
});

afterAll(async () => {
  if (temporal.current().signalCode === null) temporal.current().kill('SIGCONT');
  await h?.close();
  await temporal?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a stalled Temporal service gives a quick 503 with Retry-After; a killed one is restarted and the order carries on', async () => {
  await h.staff('out_admin', ['admin', 'operator']);
  await h.staff('out_ca', ['ca_admin']);
  const staff = { admin: await h.login('out_admin'), caAdmin: await h.login('out_ca') };
  const a = await activeApplicant(h, staff.admin);
  const drive = orderDriver(h, staff, 'none');
  const order = await drive.placeOrder(a, 1);
  for (const kind of ['business_license', 'handler_id', 'application_form']) await drive.upload(a, order.id, kind);
  const submit = () =>
    h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${order.id}/materials/submit`,
      token: a.token,
      headers: { 'idempotency-key': 'submit-1' },
    });

  // Stalled: the request and the readiness check each answer on their own, naming Temporal.
  temporal.current().kill('SIGSTOP');
  const stalled = await submit();
  const ready = await h.http({ method: 'GET', url: '/ready' });
  temporal.current().kill('SIGCONT');
  expect(stalled.statusCode).toBe(503);
  expect(stalled.headers['retry-after']).toBeDefined();
  expect(stalled.json().error).toMatchObject({ code: 'TEMPORAL_UNAVAILABLE', message: { zh: expect.any(String) } });
  expect(ready.statusCode).toBe(503);
  expect(ready.json().checks).toMatchObject({ database: { ok: true }, temporal: { ok: false } });

  // Back: the same request with the same key is carried out.
  const resumed = await submit();
  expect(resumed.statusCode).toBe(200);
  expect(resumed.json()).toMatchObject({ materialsSubmitted: true });

  // Killed: the supervisor starts it again on the same file; the order's process is still there and goes on.
  const first = temporal.current();
  first.kill('SIGKILL');
  await eventually(
    async () => (temporal.current() !== first || undefined) && restarts.find((l) => l.includes('back')),
    'restart',
  );
  await eventually(
    async () => (await h.http({ method: 'GET', url: '/ready' })).statusCode === 200 || undefined,
    'ready again',
  );
  await eventually(
    async () => (await drive.notify((await drive.payOnline(a, order.id)).notice)).statusCode === 200 || undefined,
    'paid',
  );
  const review = await drive.taskFor(order.processId, 'order.review', staff.caAdmin);
  const decided = await drive.decide(staff.caAdmin, review.id, { outcome: 'approve' });
  expect(decided.statusCode).toBe(200);
  await drive.waitStatus(a, order.id, 'approved');
});

/**
 * The product on a real Temporal cluster (`npm run cluster`'s topology: PostgreSQL, four Temporal
 * services, two API instances, two main workers, one token station, each its own process): a
 * registration and an order to made UKeys with writes on one API instance and reads on the other; a main
 * worker killed mid-case; an API instance killed mid-request; the history service restarted mid-case.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeClusterPorts, startCluster, type Cluster } from '../../scripts/cluster/cluster';
import { caseDriver, caseStaff } from '../support/cluster-case';
import { CAPTCHA, eventually } from '../support/harness';
import { send } from '../support/remote';

let cluster: Cluster;
let stateDir: string;
let staff: Record<string, string>;
let drive: ReturnType<typeof caseDriver>;

beforeAll(async () => {
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-cluster-'));
  fs.chmodSync(stateDir, 0o755);
  cluster = await startCluster({
    stateDir,
    ports: await freeClusterPorts(),
    workers: 2,
    blankTokens: 6,
    durable: false,
    engine: 'cluster',
    env: { CAPTCHA_TEST_ANSWER: CAPTCHA, RATE_LIMIT_FACTOR: '100' },
  });
  staff = await caseStaff(cluster.apis[0], cluster.env.BOOTSTRAP_ADMIN_PASSWORD);
  drive = caseDriver(cluster.apis, staff, cluster.env.STATION_ID ?? 'local');
});

afterAll(async () => {
  await cluster?.stop();
  for (const dir of [stateDir, cluster?.postgresDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** An enterprise approved through both reviews and the phone review. */
async function approvedEnterprise() {
  const { a, processId, creditCode } = await drive.submittedRegistration();
  await drive.approveRegistration(a, processId);
  return { ...a, creditCode };
}

test('a registration and an order reach made UKeys with writes on one API instance and reads on the other', async () => {
  const { a, processId, creditCode } = await drive.submittedRegistration();
  const first = await drive.taskAt(processId, '企业审核人1审核', staff.rev_one);
  const key = randomUUID();
  const approved = await drive.decide(first.id, staff.rev_one, { outcome: 'approve', comment: '同意' }, key);
  expect(approved.statusCode).toBe(200);
  // The same key on the other instance answers the recorded result instead of deciding again.
  const again = await send(cluster.apis[1], {
    method: 'POST',
    url: `/api/v1/tasks/${first.id}/complete`,
    token: staff.rev_one,
    payload: { outcome: 'approve', comment: '同意' },
    headers: { 'idempotency-key': key },
  });
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual(approved.json());
  await drive.approveRegistration(a, processId, true);

  const applicant = { ...a, creditCode };
  const order = await drive.paidOrder(applicant, 2);
  const { code } = await drive.orders.approveAndReadSms(applicant, order);
  await drive.makeUKeys(applicant, order.id, code, cluster.tokenSerials.slice(0, 2));
  expect(await drive.certificates(applicant)).toHaveLength(2);
});

test('a main worker killed mid-case: the other finishes it, with one authorisation code and one certificate', async () => {
  const a = await approvedEnterprise();
  const order = await drive.paidOrder(a, 1);
  const review = await drive.orders.taskFor(order.processId, 'order.review', staff.ca_one);
  const worker = cluster.processes.get('worker-1')!;
  const decided = drive.decide(review.id, staff.ca_one, { outcome: 'approve', comment: '材料齐全' });
  await worker.kill('SIGKILL');
  expect((await decided).statusCode).toBe(200);
  await drive.orders.waitStatus(a, order.id, 'approved');
  const mobile = (await drive.orders.order(a, order.id)).registration.handler.mobile;
  const [sms] = await eventually(async () => {
    const found = await drive.authCodeSms(mobile);
    return found.length ? found : undefined;
  }, 'the authorisation SMS');
  await worker.start();
  const code = /制证授权码：([A-Z0-9]{6})/.exec(sms.body)![1];
  await drive.makeUKeys(a, order.id, code, [cluster.tokenSerials[2]]);
  expect(await drive.authCodeSms(mobile)).toHaveLength(1);
  expect(await drive.certificates(a)).toHaveLength(1);
});

test('an API instance killed mid-request: the client retries its key on the other and loses nothing', async () => {
  const a = await approvedEnterprise();
  const order = await drive.paidOrder(a, 1);
  const { code } = await drive.orders.approveAndReadSms(a, order);
  const request = {
    method: 'POST' as const,
    url: `/api/v1/ca/orders/${order.id}/tokens`,
    token: a.token,
    payload: { stationId: cluster.env.STATION_ID ?? 'local', tokenSerial: cluster.tokenSerials[3], authCode: code },
    headers: { 'idempotency-key': randomUUID() },
  };
  const api1 = cluster.processes.get('api-1')!;
  const first = send(cluster.apis[0], request).catch(() => null);
  await api1.kill('SIGKILL');
  await first;
  const retry = await drive.retried(() => cluster.apis[1], request);
  expect([200, 201, 202]).toContain(retry.statusCode);
  await drive.orders.waitStatus(a, order.id, 'completed');
  expect(await drive.certificates(a)).toHaveLength(1);
  await api1.start();
});

test('the history service restarted mid-case: the case completes', async () => {
  const { a, processId } = await drive.submittedRegistration();
  const first = await drive.taskAt(processId, '企业审核人1审核', staff.rev_one);
  const history = cluster.processes.get('temporal-history')!;
  await history.kill('SIGKILL');
  const decided = drive.decide(first.id, staff.rev_one, { outcome: 'approve' });
  await history.start();
  expect((await decided).statusCode).toBe(200);
  const second = await drive.taskAt(processId, '企业审核人2审核', staff.rev_two);
  expect((await drive.decide(second.id, staff.rev_two, { outcome: 'approve' })).statusCode).toBe(200);
  const phone = await drive.taskAt(processId, '电话审核', staff.rev_three);
  const call = {
    outcome: 'approve',
    fields: { callerName: '戴进波', callerNumber: '13967979861', calledAt: '2026-11-25T02:15:00Z' },
  };
  expect((await drive.decide(phone.id, staff.rev_three, call)).statusCode).toBe(200);
  await eventually(
    async () =>
      (await drive.h.http({ method: 'GET', url: '/api/v1/enterprise/profile', token: a.token })).json()
        .enterpriseStatus === 'active',
    'the enterprise active',
    120_000,
  );
});

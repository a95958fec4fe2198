/**
 * Lost process starts (api/start-process.ts) on the real Temporal service and PostgreSQL: a request
 * recorded whose workflow never started — Temporal unreachable, or the API stopped, between the two —
 * is started by the API's sweep or by a retry with the same Idempotency-Key, never by a GET.
 */
import path from 'node:path';
import { ServiceError } from '@temporalio/client';
import type { WorkflowBundle } from '@temporalio/worker';
import { startLostProcesses } from '../../api/start-process';
import { activeApplicant, orderBody, prepareRegistration, registerApplicant } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';

let workflowBundle: WorkflowBundle;
let h: Harness;
let admin: string;
let reviewer: string;

beforeAll(async () => {
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
  h = await startHarness({ workflowBundle });
  await h.staff('admin_ls', ['admin', 'operator']);
  await h.staff('rev_ls', ['registration_reviewer']);
  admin = await h.login('admin_ls');
  reviewer = await h.login('rev_ls');
});

afterAll(async () => {
  await h?.close();
});

/** The next workflow start fails as when the Temporal service is unreachable (gRPC UNAVAILABLE). */
function nextStartFails() {
  const unavailable = Object.assign(new Error('14 UNAVAILABLE: connection refused'), { code: 14 });
  return jest
    .spyOn(h.client.workflow, 'start')
    .mockRejectedValueOnce(new ServiceError('Failed to start Workflow', { cause: unavailable }));
}

const running = async (workflowId: string) =>
  (await h.client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';

async function ordersOf(enterpriseId: string) {
  return h.db
    .selectFrom('ca_orders')
    .select(['id', 'process_id', 'order_no'])
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('created_at')
    .execute();
}

test('an order whose start failed is not started by reading it; the sweep starts it once it is a minute old', async () => {
  const a = await activeApplicant(h, admin);
  const failing = nextStartFails();
  const placed = await h.http({ method: 'POST', url: '/api/v1/ca/orders', token: a.token, payload: orderBody(a, 1) });
  failing.mockRestore();
  expect(placed.statusCode).toBe(503);
  expect(placed.json().error.code).toBe('TEMPORAL_UNAVAILABLE');
  const [order] = await ordersOf(a.enterpriseId);

  const seen = await h.http({ method: 'GET', url: `/api/v1/ca/orders/${order.id}`, token: a.token });
  expect(seen.statusCode).toBe(200);
  expect(seen.json().status).toBe('unpaid');
  await expect(h.client.workflow.getHandle(order.process_id).describe()).rejects.toThrow(/not found/i);

  // A request younger than a minute may still be on its way: the sweep leaves it.
  await startLostProcesses(h.app);
  await expect(h.client.workflow.getHandle(order.process_id).describe()).rejects.toThrow(/not found/i);

  expect(await startLostProcesses(h.app, 0)).toBeGreaterThanOrEqual(1);
  expect(await running(order.process_id)).toBe(true);
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: `/api/v1/ca/orders/${order.id}`, token: a.token })).json().step === '待支付',
    'the order process under way',
  );
  // Started once: a second sweep finds nothing of it to start.
  const { runId } = await h.client.workflow.getHandle(order.process_id).describe();
  await startLostProcesses(h.app, 0);
  expect((await h.client.workflow.getHandle(order.process_id).describe()).runId).toBe(runId);
});

test('an order placed again with its Idempotency-Key after its start failed is the same order, its process started', async () => {
  const a = await activeApplicant(h, admin);
  const body = orderBody(a, 1);
  const headers = { 'idempotency-key': `place-${a.enterpriseId}` };
  const failing = nextStartFails();
  const first = await h.http({ method: 'POST', url: '/api/v1/ca/orders', token: a.token, headers, payload: body });
  failing.mockRestore();
  expect(first.statusCode).toBe(503);
  const [recorded] = await ordersOf(a.enterpriseId);

  const retried = await h.http({ method: 'POST', url: '/api/v1/ca/orders', token: a.token, headers, payload: body });
  expect(retried.statusCode).toBe(201);
  expect(retried.json()).toMatchObject({ id: recorded.id, orderNo: recorded.order_no, processId: recorded.process_id });
  expect(await ordersOf(a.enterpriseId)).toHaveLength(1);
  expect(await running(recorded.process_id)).toBe(true);

  const again = await h.http({ method: 'POST', url: '/api/v1/ca/orders', token: a.token, headers, payload: body });
  expect(again.statusCode).toBe(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.json().id).toBe(recorded.id);
});

test('a registration submitted whose start failed is not started by its status page; the sweep starts it', async () => {
  const a = await registerApplicant(h, admin);
  await prepareRegistration(h, a);
  const failing = nextStartFails();
  const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token });
  failing.mockRestore();
  expect(submitted.statusCode).toBe(503);
  const processId = `registration-${a.enterpriseId}-1`;

  const status = await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token });
  expect(status.json()).toMatchObject({ status: 'in_review', processId });
  await expect(h.client.workflow.getHandle(processId).describe()).rejects.toThrow(/not found/i);

  expect(await startLostProcesses(h.app, 0)).toBeGreaterThanOrEqual(1);
  const task = await eventually(
    async () =>
      (await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token: reviewer })).json()
        .items[0] as { step: string } | undefined,
    'the first review task',
  );
  expect(task.step).toBe('企业审核人1审核');
});

/**
 * The delivery step of the order workflow (workflows/delivery.ts) on the Java test server, which skips
 * time: stub activities that record their calls and a stub token station; one order per test, taken to
 * its last UKey made. Receipt confirmed by itself once the configured days pass after dispatch; the
 * applicant's confirmation refused before dispatch and to another enterprise.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import {
  makeTokenUpdate,
  ORDER_WORKFLOW,
  orderWorkflowId,
  paymentReceivedUpdate,
  submitMaterialsUpdate,
  type OrderInput,
  type OrderWorkflow,
} from '../../contracts/certificate-order';
import { confirmReceiptUpdate, deliveryStateQuery, type DeliveryState } from '../../contracts/delivery';
import { stationTaskQueue } from '../../contracts/station';
import { completeTaskUpdate, openTasksQuery, type Actor, type HumanTask } from '../../contracts/tasks';
import { dataConverter } from '../../platform/temporal';
import { bundle, eventually, testConfig } from '../support/harness';
import { recordHistory } from '../support/replay';
import { timeSkippingEnvironment } from '../support/time-skipping';

const DAY = 86_400_000;
const TOTAL_FEN = 60000;
let env: TestWorkflowEnvironment;
let client: Client;
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  ({ env, client } = await timeSkippingEnvironment());
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
});

afterAll(async () => {
  await env?.teardown();
});

const applicant = (enterpriseId: string): Actor => ({
  userId: 'u-applicant',
  loginName: 'applicant',
  displayName: '陈沁',
  roles: ['applicant'],
  enterpriseId,
  department: null,
});
const caAdmin: Actor = {
  userId: 'u-ca',
  loginName: 'ca',
  displayName: 'CA',
  roles: ['ca_admin'],
  enterpriseId: null,
  department: 'CA 机构',
};

type Calls = Record<string, unknown[]>;

/** Stub activities of the main task queue (order, delivery, process record, a certificate's lifecycle). */
function stubActivities(calls: Calls) {
  const stub =
    <T>(name: string, answer: T) =>
    async (...args: unknown[]): Promise<T> => {
      (calls[name] ??= []).push(args.length === 1 ? args[0] : args);
      return answer;
    };
  return {
    saveTask: stub('saveTask', undefined),
    saveComment: stub('saveComment', undefined),
    saveProcess: stub('saveProcess', undefined),
    notifyTaskOverdue: stub('notifyTaskOverdue', 0),
    recordOrderStatus: stub('recordOrderStatus', undefined),
    issueAuthCode: stub('issueAuthCode', { expiresAt: '2030-01-01T00:00:00.000Z', initialPin: { secretRef: 'pin' } }),
    notifyOrder: stub('notifyOrder', undefined),
    discardInitialPin: stub('discardInitialPin', undefined),
    recordDelivery: stub('recordDelivery', undefined),
    confirmReceiptAutomatically: stub('confirmReceiptAutomatically', undefined),
    remindExpiry: stub('remindExpiry', undefined),
    markExpired: stub('markExpired', undefined),
  };
}

const openTask = (handle: WorkflowHandle, kind: string): Promise<HumanTask> =>
  eventually(async () => (await handle.query(openTasksQuery)).find((t) => t.kind === kind), `an open ${kind} task`);
const decide = (handle: WorkflowHandle, taskId: string, outcome: string, fields = {}) =>
  handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, outcome, actor: caAdmin, fields }] });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as Error & { type?: string; details?: unknown[] };
};

/** An order of one UKey, paid, approved and made, on workers of its own; `body` runs while they run. */
async function withMadeOrder(
  body: (o: { handle: WorkflowHandle<OrderWorkflow>; input: OrderInput; calls: Calls }) => Promise<void>,
): Promise<void> {
  const taskQueue = `delivery-test-${randomUUID()}`;
  const stationId = `st-${randomUUID()}`;
  const calls: Calls = {};
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: stubActivities(calls),
    dataConverter: dataConverter(testConfig()),
  });
  const station = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: stationTaskQueue(stationId),
    activities: {
      makeUKey: async () => ({ certificateSerial: randomUUID().replace(/-/g, ''), notAfter: '2030-01-01T00:00:00Z' }),
      wipeKey: async () => 0,
    },
    dataConverter: dataConverter(testConfig()),
  });
  const orderId = randomUUID();
  const input: OrderInput = {
    orderId,
    orderNo: '20261203000000002',
    enterpriseId: randomUUID(),
    quantity: 1,
    totalFen: TOTAL_FEN,
    validityYears: 1,
    subject: { organizationName: '金华市测试有限公司', creditCode: '91330700MA2HXXXX0X' },
    timings: {
      reviewDueMs: 2 * DAY,
      escalateAfterMs: 3 * DAY,
      escalationRole: 'supervisor',
      paymentWindowMs: 30 * DAY,
      authCodeTtlMs: 7 * DAY,
      deliveryAutoConfirmMs: 7 * DAY,
    },
  };
  const run = async () => {
    const handle = await client.workflow.start<OrderWorkflow>(ORDER_WORKFLOW, {
      taskQueue,
      workflowId: orderWorkflowId(orderId),
      args: [input],
    });
    await handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: applicant(input.enterpriseId) }] });
    await handle.executeUpdate(paymentReceivedUpdate, {
      args: [
        {
          paymentId: 'pay-1',
          method: 'online',
          provider: 'simulator',
          amountFen: TOTAL_FEN,
          paidAt: '2026-12-03T08:00:00.000Z',
        },
      ],
    });
    await decide(handle, (await openTask(handle, 'order.review')).taskId, 'approve');
    await eventually(async () => (calls.issueAuthCode ?? []).length > 0, 'the authorisation code issued');
    const made = await handle.executeUpdate(makeTokenUpdate, {
      args: [
        {
          itemId: 'item-1',
          stationId,
          tokenSerial: 'T-1',
          ukeyModel: 'SoftHSM v2',
          actor: applicant(input.enterpriseId),
        },
      ],
    });
    expect(made).toMatchObject({ step: 'done', remaining: 0 });
    await body({ handle, input, calls });
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') await handle.terminate('test over');
  };
  await station.runUntil(worker.runUntil(run));
}

test('receipt is confirmed by itself the configured days after dispatch (自动签收)', async () => {
  await withMadeOrder(async ({ handle, input, calls }) => {
    const dispatch = await openTask(handle, 'order.dispatch');
    expect(calls.recordOrderStatus?.at(-1)).toMatchObject({ status: 'completed' });
    const decision = await decide(handle, dispatch.taskId, 'dispatch', {
      carrier: 'ems',
      trackingNo: 'EA123456789CN',
    });
    const dispatched = await eventually(async () => {
      const s = await handle.query(deliveryStateQuery);
      return s.status === 'dispatched' ? s : undefined;
    }, 'the UKeys dispatched');
    expect(dispatched.autoConfirmAt).toBe(new Date(Date.parse(decision.decidedAt) + 7 * DAY).toISOString());

    await env.sleep(7 * DAY + 60_000);
    expect(await handle.result()).toBe('completed');
    expect(calls.notifyOrder).toContainEqual(
      expect.objectContaining({ template: 'order.dispatched', key: `${input.orderId}:dispatched` }),
    );
    const [auto] = calls.confirmReceiptAutomatically as { orderId: string; state: DeliveryState }[];
    expect(auto.state).toMatchObject({ status: 'received', confirmedBy: 'auto', carrier: 'ems' });
    expect(Date.parse(auto.state.receivedAt!)).toBeGreaterThanOrEqual(Date.parse(dispatched.autoConfirmAt!));
    await recordHistory(client, handle.workflowId, 'certificate-order/delivery-auto-confirmed');
  });
});

test('the applicant’s confirmation is refused before dispatch and to another enterprise; accepted after', async () => {
  await withMadeOrder(async ({ handle, input, calls }) => {
    const dispatch = await openTask(handle, 'order.dispatch');
    const early = await refusal(
      handle.executeUpdate(confirmReceiptUpdate, { args: [{ actor: applicant(input.enterpriseId) }] }),
    );
    expect(early.type).toBe('OrderWrongState');
    await decide(handle, dispatch.taskId, 'pickup');
    await eventually(async () => (await handle.query(deliveryStateQuery)).status === 'awaiting_pickup', 'pickup');
    const foreign = await refusal(
      handle.executeUpdate(confirmReceiptUpdate, { args: [{ actor: applicant(randomUUID()) }] }),
    );
    expect(foreign.type).toBe('NotTheOrderingEnterprise');
    const state = await handle.executeUpdate(confirmReceiptUpdate, {
      args: [{ actor: applicant(input.enterpriseId) }],
    });
    expect(state).toMatchObject({ status: 'received', confirmedBy: 'applicant', method: 'pickup' });
    expect(await handle.result()).toBe('completed');
    expect(calls.confirmReceiptAutomatically).toBeUndefined();
    expect(calls.notifyOrder).toContainEqual(expect.objectContaining({ template: 'order.pickup_ready' }));
  });
});

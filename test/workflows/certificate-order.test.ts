/**
 * The order workflow (workflows/certificate-order.ts) on its own: stub activities that record their calls,
 * the Java test server skipping time, one worker per test inside `worker.runUntil`, one behaviour per test.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundle } from '@temporalio/worker';
import {
  bankTransferUpdate,
  ORDER_WORKFLOW,
  orderStateQuery,
  orderWorkflowId,
  paymentReceivedUpdate,
  submitMaterialsUpdate,
  cancelOrderUpdate,
  type OrderInput,
  type OrderState,
  type OrderWorkflow,
} from '../../contracts/certificate-order';
import { completeTaskUpdate, openTasksQuery, TaskRejection, type Actor, type HumanTask } from '../../contracts/tasks';
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
const finance: Actor = {
  userId: 'u-finance',
  loginName: 'fin',
  displayName: '财务',
  roles: ['finance'],
  enterpriseId: null,
  department: '财务',
};
const caAdmin: Actor = {
  userId: 'u-ca',
  loginName: 'ca',
  displayName: 'CA',
  roles: ['ca_admin'],
  enterpriseId: null,
  department: 'CA 机构',
};

/** Every stub activity call, by activity name. */
type Calls = Record<string, unknown[]>;

/** Stub activities for the order workflow and its process record; each call is kept in `calls`. */
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
    settleBankTransfer: stub('settleBankTransfer', undefined),
    openRefund: stub('openRefund', undefined),
    settleRefund: stub('settleRefund', undefined),
    refundThroughProvider: stub('refundThroughProvider', {
      accepted: true,
      providerRefundId: '50300000000000000001',
      providerStatus: 'SUCCESS',
    }),
    issueAuthCode: stub('issueAuthCode', { expiresAt: '2030-01-01T00:00:00.000Z', initialPin: { secretRef: 'pin' } }),
    notifyOrder: stub('notifyOrder', undefined),
    closeFailedUKey: stub('closeFailedUKey', undefined),
    discardInitialPin: stub('discardInitialPin', undefined),
  };
}

/** Starts an order on a worker of its own and runs `body` while that worker runs. */
async function withOrder(
  body: (o: { handle: WorkflowHandle<OrderWorkflow>; input: OrderInput; calls: Calls }) => Promise<void>,
  timings: Partial<OrderInput['timings']> = {},
  on: { env: TestWorkflowEnvironment; client: Client } = { env, client },
): Promise<void> {
  const taskQueue = `order-test-${randomUUID()}`;
  const calls: Calls = {};
  const worker = await Worker.create({
    connection: on.env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: stubActivities(calls),
    dataConverter: dataConverter(testConfig()),
  });
  const orderId = randomUUID();
  const input: OrderInput = {
    orderId,
    orderNo: '20261203000000001',
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
      ...timings,
    },
  };
  await worker.runUntil(async () => {
    const handle = await on.client.workflow.start<OrderWorkflow>(ORDER_WORKFLOW, {
      taskQueue,
      workflowId: orderWorkflowId(orderId),
      args: [input],
    });
    await body({ handle, input, calls });
    // A workflow left running would hold the test server's clock (time skips only when nothing is pending).
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') await handle.terminate('test over');
  });
}

/** The open task of `kind`, once the workflow has opened it. */
const openTask = (handle: WorkflowHandle, kind: string): Promise<HumanTask> =>
  eventually(async () => (await handle.query(openTasksQuery)).find((t) => t.kind === kind), `an open ${kind} task`);

/** The order state once `check` holds for it. */
const until = (handle: WorkflowHandle, check: (s: OrderState) => boolean): Promise<OrderState> =>
  eventually(async () => {
    const state = await readState(handle);
    return check(state) ? state : undefined;
  }, 'the expected order state');
const readState = (handle: WorkflowHandle) => handle.query(orderStateQuery);

const payOnline = (handle: WorkflowHandle, paymentId: string, paidAt = '2026-12-03T08:00:00.000Z') =>
  handle.executeUpdate(paymentReceivedUpdate, {
    args: [{ paymentId, method: 'online', provider: 'simulator', amountFen: TOTAL_FEN, paidAt }],
  });
const reportTransfer = (handle: WorkflowHandle, input: OrderInput, paymentId: string) =>
  handle.executeUpdate(bankTransferUpdate, {
    args: [{ paymentId, amountFen: TOTAL_FEN, slipAttachmentId: 'slip', actor: applicant(input.enterpriseId) }],
  });
const decide = (handle: WorkflowHandle, taskId: string, actor: Actor, outcome: string, more = {}) =>
  handle.executeUpdate(completeTaskUpdate, { args: [{ taskId, outcome, actor, ...more }] });
const refusal = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  return (err as WorkflowUpdateFailedError).cause as Error & { type?: string; details?: unknown[] };
};

describe('payment', () => {
  test('an order paid online after its materials were submitted records its payment time', async () => {
    await withOrder(async ({ handle, input, calls }) => {
      await handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: applicant(input.enterpriseId) }] });
      await payOnline(handle, 'pay-1', '2026-12-03T08:00:00.000Z');
      await openTask(handle, 'order.review');
      const writes = calls.recordOrderStatus as { status: string; paidAt: string | null }[];
      expect(writes.at(-1)).toMatchObject({ status: 'in_review', paidAt: '2026-12-03T08:00:00.000Z' });
      expect(writes.filter((w) => w.status !== 'unpaid').every((w) => w.paidAt === '2026-12-03T08:00:00.000Z')).toBe(
        true,
      );
    });
  });

  test('finance confirming a transfer with an amount other than the one due is refused, naming the amount', async () => {
    await withOrder(async ({ handle, input, calls }) => {
      await reportTransfer(handle, input, 'transfer-1');
      const check = await openTask(handle, 'order.bank_transfer');
      const cause = await refusal(
        decide(handle, check.taskId, finance, 'confirm', { fields: { receivedFen: TOTAL_FEN - 100 } }),
      );
      expect(cause.type).toBe(TaskRejection.InvalidInput);
      expect(cause.details?.[0]).toMatchObject({
        fields: [{ field: 'fields.receivedFen', code: 'amount_mismatch' }],
      });
      expect(calls.settleBankTransfer).toBeUndefined();
      expect((await openTask(handle, 'order.bank_transfer')).taskId).toBe(check.taskId);
    });
  });

  test('finance confirming the amount due pays the order at the time of the decision', async () => {
    await withOrder(async ({ handle, input, calls }) => {
      await reportTransfer(handle, input, 'transfer-1');
      const check = await openTask(handle, 'order.bank_transfer');
      const decision = await decide(handle, check.taskId, finance, 'confirm', { fields: { receivedFen: TOTAL_FEN } });
      const state = await until(handle, (s) => s.status === 'paid');
      expect(state.paidAt).toBe(decision.decidedAt);
      expect(calls.settleBankTransfer).toEqual([{ paymentId: 'transfer-1', paid: true, reason: null }]);
    });
  });

  test('an online payment while a transfer waits for finance pays the order; the transfer check closes and a later confirmation is told why', async () => {
    await withOrder(async ({ handle, input, calls }) => {
      await reportTransfer(handle, input, 'transfer-1');
      const check = await openTask(handle, 'order.bank_transfer');
      await payOnline(handle, 'pay-1');
      const refund = await openTask(handle, 'order.refund');
      expect(refund.outcomes).toEqual(['refunded', 'not_received']);
      const cause = await refusal(
        decide(handle, check.taskId, finance, 'confirm', { fields: { receivedFen: TOTAL_FEN } }),
      );
      expect(cause.type).toBe(TaskRejection.NotOpen);
      expect(cause.message).toContain('paid online');
      expect(calls.settleBankTransfer).toBeUndefined();
      expect(calls.openRefund).toEqual([expect.objectContaining({ paymentId: 'transfer-1' })]);
      expect((await readState(handle)).paidAt).toBe('2026-12-03T08:00:00.000Z');

      await decide(handle, refund.taskId, finance, 'not_received', { comment: '银行未收到该笔汇款' });
      await until(handle, () => (calls.settleRefund ?? []).length === 1);
      expect(calls.settleRefund).toEqual([
        expect.objectContaining({ status: 'not_received', comment: '银行未收到该笔汇款', decidedBy: finance.userId }),
      ]);
      await recordHistory(client, handle.workflowId, 'certificate-order/paid-online-while-transfer-checked');
    });
  });

  test('an online payment for an order already paid opens a refund task for finance', async () => {
    await withOrder(async ({ handle, calls }) => {
      await payOnline(handle, 'pay-1');
      await payOnline(handle, 'pay-2', '2026-12-04T08:00:00.000Z');
      const refund = await openTask(handle, 'order.refund');
      expect(refund.outcomes).toEqual(['refunded']);
      expect(calls.openRefund).toEqual([expect.objectContaining({ paymentId: 'pay-2' })]);
      const state = await readState(handle);
      expect(state).toMatchObject({ status: 'paid', paidAt: '2026-12-03T08:00:00.000Z' });
      await decide(handle, refund.taskId, finance, 'refunded', { comment: '已原路退回' });
      await until(handle, () => (calls.settleRefund ?? []).length === 1);
      expect(calls.settleRefund).toEqual([expect.objectContaining({ status: 'refunded' })]);
      // The money goes back through the provider, under the refund's own ID (so a retry refunds once).
      const [{ refundId }] = calls.openRefund as { refundId: string }[];
      expect(calls.refundThroughProvider).toEqual([{ refundId }]);
      await recordHistory(client, handle.workflowId, 'certificate-order/paid-twice-online-refunded');
    });
  });

  test('an order left unpaid past the payment window is cancelled', async () => {
    // A server of its own: the shared one's clock also carries the other tests' workflows.
    const own = await timeSkippingEnvironment();
    try {
      await withOrder(
        async ({ handle }) => {
          await own.env.sleep(DAY + 60_000);
          expect(await handle.result()).toBe('cancelled');
          expect((await readState(handle)).reason).toContain('payment window');
        },
        { paymentWindowMs: DAY },
        own,
      );
    } finally {
      await own.env.teardown();
    }
  });
});

describe('review', () => {
  test('refused materials wait for the applicant to submit them again, then a new round opens', async () => {
    await withOrder(async ({ handle, input, calls }) => {
      await handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: applicant(input.enterpriseId) }] });
      await payOnline(handle, 'pay-1');
      const first = await openTask(handle, 'order.review');
      await decide(handle, first.taskId, caAdmin, 'reject', {
        comment: '身份证不清晰',
        fields: { documentReasons: { handler_id: '模糊' } },
      });
      const rejected = await until(handle, (s) => s.status === 'rejected');
      expect(rejected.rejectedDocuments).toEqual({ handler_id: '模糊' });
      expect(calls.notifyOrder).toEqual([expect.objectContaining({ template: 'order.materials_rejected' })]);
      await handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: applicant(input.enterpriseId) }] });
      const second = await openTask(handle, 'order.review');
      expect(second.title).toContain('第2轮');
    });
  });

  test('approval issues the authorisation code and the order waits for UKeys', async () => {
    await withOrder(async ({ handle, input, calls }) => {
      await handle.executeUpdate(submitMaterialsUpdate, { args: [{ actor: applicant(input.enterpriseId) }] });
      await payOnline(handle, 'pay-1');
      const review = await openTask(handle, 'order.review');
      await decide(handle, review.taskId, caAdmin, 'approve');
      const approved = await until(handle, (s) => s.status === 'approved');
      expect(approved.authCodeExpiresAt).toBe('2030-01-01T00:00:00.000Z');
      expect(calls.issueAuthCode).toEqual([{ orderId: input.orderId, reissue: false }]);
    });
  });
});

describe('cancellation', () => {
  test('the ordering enterprise deletes an unpaid order', async () => {
    await withOrder(async ({ handle, input }) => {
      await handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: applicant(input.enterpriseId) }] });
      expect(await handle.result()).toBe('cancelled');
    });
  });

  test('another enterprise cannot delete the order', async () => {
    await withOrder(async ({ handle }) => {
      const cause = await refusal(
        handle.executeUpdate(cancelOrderUpdate, { args: [{ actor: applicant(randomUUID()) }] }),
      );
      expect(cause.type).toBe('NotTheOrderingEnterprise');
    });
  });
});

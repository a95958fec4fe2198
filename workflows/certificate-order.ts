/**
 * Processes 2 and 3 — a certificate order from placement to the last UKey made (guide parts 二 and 三).
 *
 *   unpaid ─(online payment notice | bank transfer confirmed by finance)→ paid
 *   materials submitted (before or after payment) → ca_admin review ─reject→ replace documents → review …
 *   approve → authorisation code + initial PIN by SMS → each UKey made on a token station → completed
 *
 * An unpaid, unreviewed order can be cancelled; one left unpaid past the payment window is cancelled.
 * Making a UKey happens at the token station in one activity (key pair on the token, request signed on
 * the token, certificate from the CA, written next to the key, PIN set); a failure half way removes what
 * it left and does not count.
 *
 * Live patch IDs: certificate-lifecycle (a lifecycle workflow per certificate made; orders that made
 * UKeys before it existed did not start one); ukey-answered-first (a made UKey is answered before its
 * lifecycle workflow starts, one round trip through Temporal sooner).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { OrderActivities } from '../activities/certificate-order';
import {
  bankTransferUpdate,
  cancelOrderUpdate,
  makeTokenUpdate,
  OrderRejection,
  orderStateQuery,
  paymentReceivedUpdate,
  reissueAuthCodeUpdate,
  submitMaterialsUpdate,
  type BankTransferReported,
  type OrderInput,
  type OrderState,
  type TokenItem,
} from '../contracts/certificate-order';
import { lifecycleWorkflowId } from '../contracts/certificate-lifecycle';
import { stationFailureOf, stationTaskQueue, StationFailure, type StationActivities } from '../contracts/station';
import type { Actor, TaskFormField } from '../contracts/tasks';
import { REQUIRED_MATERIALS, type OrderStatus } from '../domain/certificate-order';
import { msg } from '../domain/text';
import type { SecretRef } from '../contracts/secrets';
import { certificateLifecycle } from './certificate-lifecycle';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY, STATION_ACTIVITY } from './activity-options';
import { Process } from './process';

const records = proxyActivities<OrderActivities>(RECORD_ACTIVITY);
const effects = proxyActivities<OrderActivities>(EFFECT_ACTIVITY);

/** A station's activities; a station that does not pick the work up within minutes fails the item. */
function station(stationId: string) {
  return proxyActivities<StationActivities>({
    taskQueue: stationTaskQueue(stationId),
    ...STATION_ACTIVITY,
    retry: { ...STATION_ACTIVITY.retry, nonRetryableErrorTypes: Object.values(StationFailure) },
  });
}

const documentReasons: TaskFormField = {
  name: 'documentReasons',
  label: { zh: '退回的材料及原因', en: 'Refused documents and why' },
  type: 'reasons',
  requiredFor: ['reject'],
  choices: [...REQUIRED_MATERIALS, 'other'],
};
const transferCheck: TaskFormField = {
  name: 'receivedFen',
  label: { zh: '实收金额（分）', en: 'Amount received (fen)' },
  type: 'fen',
  requiredFor: ['confirm'],
};

function refuse(type: string, zh: string, en: string): never {
  throw ApplicationFailure.create({ type, message: en, details: [{ message: msg(zh, en) }], nonRetryable: true });
}

function failureText(err: unknown): string {
  const cause = (err as ActivityFailure).cause;
  return (cause as Error | undefined)?.message ?? (err as Error).message ?? String(err);
}

/** Runs one certificate order to completion or cancellation. */
export async function certificateOrder(input: OrderInput): Promise<OrderStatus> {
  const { orderId, enterpriseId, timings } = input;
  const proc = new Process({
    processType: 'certificate-order',
    title: `CA 证书订单 ${input.orderNo}`,
    enterpriseId,
    status: 'unpaid',
    step: '待支付',
    commentRoles: ['ca_admin', 'finance'],
  });
  const state: OrderState = {
    status: 'unpaid',
    paid: false,
    materialsSubmitted: false,
    reviewRound: 0,
    rejectedDocuments: {},
    remaining: input.quantity,
    items: [],
    authCodeExpiresAt: null,
    reason: null,
  };
  const transfers: BankTransferReported[] = [];
  const queue: TokenItem[] = [];
  let cancelled = false;
  let finished = false;
  let initialPin: SecretRef | null = null;

  const stepName: Record<OrderStatus, string> = {
    unpaid: '待支付',
    paid: '已支付，待提交材料',
    in_review: '材料审核',
    rejected: '材料退回，待补正',
    approved: '待制证',
    in_production: '制证中',
    completed: '已完成',
    cancelled: '已取消',
  };
  const record = async () => {
    await proc.setStatus(state.status, stepName[state.status], {
      remaining: state.remaining,
      reviewRound: state.reviewRound,
      reason: state.reason,
    });
    await records.recordOrderStatus({ orderId, status: state.status });
  };
  const ownerOnly = (actor: Actor) => {
    if (actor.enterpriseId !== enterpriseId)
      refuse(OrderRejection.NotOwner, '只有下单企业可以操作', 'Only the ordering enterprise may do this');
  };
  const markPaid = async () => {
    state.paid = true;
    if (state.status === 'unpaid') {
      state.status = 'paid';
      await record();
    }
  };

  setHandler(orderStateQuery, () => state);
  setHandler(
    paymentReceivedUpdate,
    async () => {
      await markPaid();
      return state;
    },
    {
      validator: (p) => {
        if (p.amountFen !== input.totalFen)
          refuse(
            OrderRejection.AmountMismatch,
            '支付金额与订单金额不符',
            `Paid ${p.amountFen} fen, the order is ${input.totalFen} fen`,
          );
        if (cancelled) refuse(OrderRejection.WrongState, '订单已取消', 'The order is cancelled');
      },
    },
  );
  setHandler(
    bankTransferUpdate,
    (t) => {
      transfers.push(t);
      return state;
    },
    {
      validator: (t) => {
        ownerOnly(t.actor);
        if (state.paid || cancelled)
          refuse(OrderRejection.WrongState, '订单已支付或已取消', 'The order is already paid or cancelled');
        if (t.amountFen !== input.totalFen)
          refuse(
            OrderRejection.AmountMismatch,
            '汇款金额与订单金额不符',
            `The transfer of ${t.amountFen} fen does not match the order's ${input.totalFen} fen`,
          );
      },
    },
  );
  setHandler(
    submitMaterialsUpdate,
    () => {
      state.materialsSubmitted = true;
      return state;
    },
    {
      validator: ({ actor }) => {
        ownerOnly(actor);
        if (cancelled || !['unpaid', 'paid', 'rejected'].includes(state.status) || state.materialsSubmitted) {
          refuse(
            OrderRejection.WrongState,
            '当前状态不能提交材料',
            `Materials cannot be submitted while the order is ${state.status}`,
          );
        }
      },
    },
  );
  setHandler(
    cancelOrderUpdate,
    async ({ reason }) => {
      cancelled = true;
      state.reason = reason?.trim() || '申请人删除订单 Deleted by the applicant';
      await proc.cancelOpenTasks();
      return state;
    },
    {
      validator: ({ actor }) => {
        ownerOnly(actor);
        if (state.paid || state.status !== 'unpaid' || state.reviewRound > 0 || cancelled) {
          refuse(
            OrderRejection.WrongState,
            '只能删除未支付且未审核的订单',
            'Only an unpaid, unreviewed order can be deleted',
          );
        }
      },
    },
  );
  setHandler(
    reissueAuthCodeUpdate,
    async () => {
      const issued = await effects.issueAuthCode({ orderId, reissue: true });
      state.authCodeExpiresAt = issued.expiresAt;
      return state;
    },
    {
      validator: ({ actor }) => {
        if (!actor.roles.includes('ca_admin'))
          refuse(OrderRejection.NotOwner, '需要 CA 管理员', 'Only a ca_admin may re-issue the code');
        if (state.status !== 'approved' && state.status !== 'in_production')
          refuse(OrderRejection.WrongState, '订单尚未审核通过或已完成', 'The order is not approved or is complete');
      },
    },
  );
  setHandler(
    makeTokenUpdate,
    async (m) => {
      const item: TokenItem = {
        itemId: m.itemId,
        stationId: m.stationId,
        tokenSerial: m.tokenSerial,
        ukeyModel: m.ukeyModel,
        keyId: uuid4().replace(/-/g, ''),
        step: 'queued',
        error: null,
        certificateSerial: null,
      };
      state.items.push(item);
      queue.push(item);
      // The answer is the finished item (the caller may stop waiting earlier; the UKey is made anyway).
      await condition(() => item.step === 'done' || item.step === 'failed');
      return { ...item, remaining: state.remaining };
    },
    {
      validator: (m) => {
        ownerOnly(m.actor);
        if (state.status !== 'approved' && state.status !== 'in_production')
          refuse(
            OrderRejection.WrongState,
            '订单当前不能制证',
            `UKeys cannot be made while the order is ${state.status}`,
          );
        const busy = state.items.filter((i) => i.step !== 'done' && i.step !== 'failed');
        if (state.remaining - busy.length <= 0)
          refuse(OrderRejection.NothingRemaining, '可制作数量已用完', 'No UKeys remain to be made for this order');
        if (state.items.some((i) => i.tokenSerial === m.tokenSerial && i.step !== 'failed'))
          refuse(
            OrderRejection.TokenBusy,
            '该 UKey 已在本订单中制作',
            'This token is already being (or was) made for this order',
          );
        if (state.items.some((i) => i.itemId === m.itemId))
          refuse(OrderRejection.TokenBusy, '重复的制证请求', 'This request was already received');
      },
    },
  );

  /** Finance confirms or refuses each reported bank transfer against the slip and the amount. */
  const financeDesk = (async () => {
    for (;;) {
      await condition(() => transfers.length > 0 || finished);
      if (finished) return;
      const t = transfers.shift()!;
      const d = await proc.ask({
        kind: 'order.bank_transfer',
        title: `核对银行汇款 · 订单 ${input.orderNo} · 应收 ${input.totalFen} 分`,
        step: '财务确认汇款',
        department: '财务',
        candidateRole: 'finance',
        outcomes: ['confirm', 'reject'],
        commentRequiredFor: ['reject'],
        form: [transferCheck],
        dueInMs: timings.reviewDueMs,
        escalateAfterMs: timings.escalateAfterMs,
        escalationRole: timings.escalationRole,
      });
      if (!d) continue;
      const received = Number(d.fields.receivedFen);
      if (d.outcome === 'confirm' && received === input.totalFen) {
        await records.settleBankTransfer({ paymentId: t.paymentId, paid: true, reason: null });
        await markPaid();
      } else {
        const reason = d.comment ?? `实收 ${received} 分与应收 ${input.totalFen} 分不符`;
        await records.settleBankTransfer({ paymentId: t.paymentId, paid: false, reason });
        await effects.notifyOrder({
          orderId,
          key: `${t.paymentId}:refused`,
          template: 'order.transfer_refused',
          params: { orderNo: input.orderNo, reason },
        });
        // Still unpaid: the step shown goes back from the finance check to awaiting payment.
        if (patched('transfer-refused-step') && state.status === 'unpaid') await record();
      }
    }
  })();

  /**
   * Makes one UKey at its station (one activity: key, request, certificate, write, PIN, record). A refusal
   * is cleaned and recorded by the station; a station that never finished is cleaned from here. Either
   * way a failed UKey does not count.
   */
  async function produce(item: TokenItem): Promise<void> {
    const hw = station(item.stationId);
    let made: { certificateSerial: string; notAfter: string };
    try {
      made = await hw.makeUKey({
        orderId,
        itemId: item.itemId,
        enterpriseId,
        stationId: item.stationId,
        tokenSerial: item.tokenSerial,
        ukeyModel: item.ukeyModel,
        keyId: item.keyId,
        subject: input.subject,
        validityYears: input.validityYears,
        initialPin: initialPin!,
      });
      item.certificateSerial = made.certificateSerial;
      if (!patched('ukey-answered-first')) {
        // Before that patch the UKey was answered only once its lifecycle workflow had started.
        if (patched('certificate-lifecycle')) await startLifecycle(made);
        item.step = 'done';
        state.remaining--;
        return;
      }
    } catch (err) {
      const error = failureText(err);
      const refusedByStation =
        err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
      if (!refusedByStation) {
        await hw.wipeKey({ tokenSerial: item.tokenSerial, keyId: item.keyId }).catch(() => 0);
        const ukey = {
          orderId,
          itemId: item.itemId,
          stationId: item.stationId,
          tokenSerial: item.tokenSerial,
          ukeyModel: item.ukeyModel,
        };
        await records.closeFailedUKey({ item: ukey, error });
      }
      item.error = error;
      item.failure = stationFailureOf(err);
      item.step = 'failed';
      return;
    }
    // The UKey is answered made now (the person at the station waits on it); its lifecycle starts alongside.
    item.step = 'done';
    state.remaining--;
    await startLifecycle(made);
  }

  /** The certificate's own lifetime (reminders, expiry, revocation), which outlives the order. */
  async function startLifecycle(made: { certificateSerial: string; notAfter: string }): Promise<void> {
    try {
      await startChild(certificateLifecycle, {
        workflowId: lifecycleWorkflowId(made.certificateSerial),
        args: [
          {
            serialHex: made.certificateSerial,
            enterpriseId,
            orderId,
            notAfter: made.notAfter,
            reminderDays: timings.reminderDays ?? [30, 7, 1],
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      // (already running: this order was reset to before the start)
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  await proc.begin();
  await record();

  // Payment and materials, in either order; cancellation or the payment window end this phase.
  const ready = await condition(() => (state.paid && state.materialsSubmitted) || cancelled, timings.paymentWindowMs);
  if (!ready && !state.paid) {
    cancelled = true;
    state.reason = '超过支付期限，订单已取消 The payment window expired';
  }
  if (cancelled || !ready) {
    await proc.cancelOpenTasks();
    return close('cancelled');
  }

  // Vendor review, round after round until approved.
  for (;;) {
    state.reviewRound++;
    state.status = 'in_review';
    await record();
    const d = await proc.ask({
      kind: 'order.review',
      title: `审核申请材料 · 订单 ${input.orderNo} · 第${state.reviewRound}轮`,
      step: '材料审核',
      department: 'CA 机构',
      candidateRole: 'ca_admin',
      outcomes: ['approve', 'reject'],
      commentRequiredFor: ['reject'],
      form: [documentReasons],
      dueInMs: timings.reviewDueMs,
      escalateAfterMs: timings.escalateAfterMs,
      escalationRole: timings.escalationRole,
    });
    if (d?.outcome === 'approve') break;
    state.status = 'rejected';
    state.rejectedDocuments = (d?.fields.documentReasons as Record<string, string> | undefined) ?? {};
    state.reason = d?.comment ?? null;
    state.materialsSubmitted = false;
    await record();
    const listed = Object.entries(state.rejectedDocuments)
      .map(([k, v]) => `${k}：${v}`)
      .join('；');
    await effects.notifyOrder({
      orderId,
      key: `${orderId}:rejected:${state.reviewRound}`,
      template: 'order.materials_rejected',
      params: { orderNo: input.orderNo, reason: state.reason ?? '', documents: listed },
    });
    await condition(() => state.materialsSubmitted);
  }

  // Authorisation code and initial PIN, by SMS to the handler.
  const issued = await effects.issueAuthCode({ orderId, reissue: false });
  initialPin = issued.initialPin;
  state.authCodeExpiresAt = issued.expiresAt;
  state.rejectedDocuments = {};
  state.reason = null;
  state.status = 'approved';
  await record();

  // UKey production, one token at a time, until none remain.
  while (state.remaining > 0) {
    await condition(() => queue.length > 0);
    if (state.status === 'approved') {
      state.status = 'in_production';
      await record();
    }
    await produce(queue.shift()!);
  }
  await effects.notifyOrder({
    orderId,
    key: `${orderId}:completed`,
    template: 'order.completed',
    params: { orderNo: input.orderNo, quantity: String(input.quantity) },
  });
  await records.discardInitialPin({ orderId });
  return close('completed');

  async function close(status: OrderStatus): Promise<OrderStatus> {
    state.status = status;
    finished = true;
    await proc.cancelOpenTasks();
    await financeDesk;
    await record();
    await proc.finish(status, { remaining: state.remaining, reviewRound: state.reviewRound, reason: state.reason });
    return status;
  }
}

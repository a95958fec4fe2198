/**
 * Processes 2 and 3 — a certificate order from placement to the last UKey made (guide parts 二 and 三).
 *
 *   unpaid ─(online payment notice | bank transfer confirmed by finance)→ paid
 *   materials submitted (before or after payment) → ca_admin review ─reject→ replace documents → review …
 *   approve → authorisation code + initial PIN by SMS → each UKey made on a token station → completed
 *
 * An unpaid, unreviewed order can be cancelled; one left unpaid past the payment window is cancelled.
 * An order is paid once, by the first money confirmed (an online payment notice, or finance confirming a
 * transfer). A transfer still waiting when the order is paid is not confirmed; finance refunds it
 * if it arrived. An online payment for an order already paid is refunded.
 * Making a UKey happens at the token station in one activity (key pair on the token, request signed on
 * the token, certificate from the CA, written next to the key, PIN set); a failure half way removes what
 * it left and does not count.
 *
 * `certificateOrder` reads as the process's steps; `OrderDesk` holds the state, the Update handlers, the
 * finance desk and the making of one UKey.
 *
 * Live patch IDs: certificate-lifecycle (a lifecycle workflow per certificate made; orders that made
 * UKeys without it start none); ukey-answered-first (a made UKey is answered before its lifecycle
 * workflow starts, one round trip through Temporal sooner); transfer-refused-step (a refused bank
 * transfer records the order's step again, back to awaiting payment); order-paid-once (the first money
 * confirmed pays the order: a bank transfer still waiting for finance is closed, and money that arrives
 * after the order is paid is refunded through a task for finance); wallet-provider-refund (finance's refund of
 * an online payment is given back through its provider, which records its refund ID and state);
 * delivery-dispatch (once every UKey is made the order is recorded completed, then its UKeys are dispatched
 * or set aside for pickup and their receipt confirmed — workflows/delivery.ts — before the workflow ends).
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
  ORDER_STEPS,
  OrderRejection,
  orderStateQuery,
  paymentReceivedUpdate,
  reissueAuthCodeUpdate,
  submitMaterialsUpdate,
  type BankTransferReported,
  type MadeToken,
  type MakeTokenInput,
  type OrderInput,
  type OrderState,
  type PaymentReceived,
  type TokenItem,
} from '../contracts/certificate-order';
import { lifecycleWorkflowId } from '../contracts/certificate-lifecycle';
import { stationFailureOf, stationTaskQueue, StationFailure, type StationActivities } from '../contracts/station';
import type { Actor, TaskFormField } from '../contracts/tasks';
import { REQUIRED_MATERIALS, type OrderStatus } from '../domain/certificate-order';
import { msg } from '../domain/text';
import type { SecretRef } from '../contracts/secrets';
import { certificateLifecycle } from './certificate-lifecycle';
import { deliverUKeys } from './delivery';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY, STATION_ACTIVITY } from './activity-options';
import { refundThroughProvider } from './order-refund';
import { Process } from './process';

/** Writes to the order's own rows: quick, retried for as long as the database is away. */
const records =
  proxyActivities<
    Pick<
      OrderActivities,
      | 'recordOrderStatus'
      | 'settleBankTransfer'
      | 'openRefund'
      | 'settleRefund'
      | 'closeFailedUKey'
      | 'discardInitialPin'
    >
  >(RECORD_ACTIVITY);
/** Work that reaches people (SMS and email through the notifier): slower, retried for longer. */
const effects = proxyActivities<Pick<OrderActivities, 'issueAuthCode' | 'notifyOrder'>>(EFFECT_ACTIVITY);

/**
 * A station's activities, on the station's own task queue: only that machine holds the tokens, so work no
 * station picks up within minutes fails the item rather than waiting for a station that may never return.
 */
function station(stationId: string) {
  return proxyActivities<Pick<StationActivities, 'makeUKey' | 'wipeKey'>>({
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
/** Finance's check of a transfer: confirming it means the amount due arrived. */
const transferCheck = (totalFen: number): TaskFormField => ({
  name: 'receivedFen',
  label: { zh: '实收金额（分）', en: 'Amount received (fen)' },
  type: 'fen',
  requiredFor: ['confirm'],
  expectedFen: totalFen,
});

/** What finance is told when the order was paid online while its transfer waited for them. */
const PAID_ONLINE = msg(
  '订单已通过在线支付付款，此笔汇款不再确认；如款项已到账，请在退款任务中退回',
  'The order was paid online, so this transfer is no longer confirmed; if the money arrived, refund it in the refund task',
);

/** Refuses an Update: a non-retryable failure of `type` carrying the bilingual message. */
export function refuse(type: string, zh: string, en: string): never {
  throw ApplicationFailure.create({ type, message: en, details: [{ message: msg(zh, en) }], nonRetryable: true });
}

/** The message of an activity's failure (its cause's). */
export function failureText(err: unknown): string {
  const cause = (err as ActivityFailure).cause;
  return (cause as Error | undefined)?.message ?? (err as Error).message ?? String(err);
}

/** What a station answers for a UKey it made. */
interface MadeUKey {
  certificateSerial: string;
  notAfter: string;
}

/**
 * One order's state and the messages it answers: payment, bank transfers (checked by finance), materials,
 * cancellation, a new authorisation code, and UKeys to make. The workflow body drives it step by step.
 */
export class OrderDesk {
  readonly proc: Process;
  readonly state: OrderState = {
    status: 'unpaid',
    paid: false,
    paidAt: null,
    materialsSubmitted: false,
    reviewRound: 0,
    rejectedDocuments: {},
    remaining: 0,
    items: [],
    authCodeExpiresAt: null,
    reason: null,
  };
  cancelled = false;
  /** UKeys asked for and not yet started, in the order asked. */
  readonly queue: TokenItem[] = [];
  /** The PIN set on every UKey of the order, sealed; known once the authorisation code is issued. */
  initialPin: SecretRef | null = null;
  /** A further check of a UKey asked for (a renewal: only its own UKey). */
  tokenCheck: ((m: MakeTokenInput) => void) | null = null;
  private readonly transfers: BankTransferReported[] = [];
  /** Refunds open with finance; the order closes once each is answered. */
  private readonly refunds: Promise<void>[] = [];
  private finished = false;
  private readonly financeDesk: Promise<void>;

  constructor(readonly input: OrderInput) {
    this.proc = new Process({
      processType: 'certificate-order',
      title: `CA 证书订单 ${input.orderNo}`,
      enterpriseId: input.enterpriseId,
      status: 'unpaid',
      step: ORDER_STEPS.unpaid,
      commentRoles: ['ca_admin', 'finance'],
    });
    this.state.remaining = input.quantity;
    setHandler(orderStateQuery, () => this.state);
    setHandler(paymentReceivedUpdate, (p) => this.paymentReceived(p), {
      validator: (p) => {
        if (p.amountFen !== input.totalFen)
          refuse(
            OrderRejection.AmountMismatch,
            '支付金额与订单金额不符',
            `Paid ${p.amountFen} fen, the order is ${input.totalFen} fen`,
          );
        if (this.cancelled) refuse(OrderRejection.WrongState, '订单已取消', 'The order is cancelled');
      },
    });
    setHandler(bankTransferUpdate, (t) => this.bankTransferReported(t), {
      validator: (t) => {
        this.ownerOnly(t.actor);
        if (this.state.paid || this.cancelled)
          refuse(OrderRejection.WrongState, '订单已支付或已取消', 'The order is already paid or cancelled');
        if (t.amountFen !== input.totalFen)
          refuse(
            OrderRejection.AmountMismatch,
            '汇款金额与订单金额不符',
            `The transfer of ${t.amountFen} fen does not match the order's ${input.totalFen} fen`,
          );
      },
    });
    setHandler(submitMaterialsUpdate, () => this.materialsSubmitted(), {
      validator: ({ actor }) => {
        this.ownerOnly(actor);
        if (
          this.cancelled ||
          !['unpaid', 'paid', 'rejected'].includes(this.state.status) ||
          this.state.materialsSubmitted
        ) {
          refuse(
            OrderRejection.WrongState,
            '当前状态不能提交材料',
            `Materials cannot be submitted while the order is ${this.state.status}`,
          );
        }
      },
    });
    setHandler(cancelOrderUpdate, ({ reason }) => this.cancel(reason), {
      validator: ({ actor }) => {
        this.ownerOnly(actor);
        if (this.state.paid || this.state.status !== 'unpaid' || this.state.reviewRound > 0 || this.cancelled) {
          refuse(
            OrderRejection.WrongState,
            '只能删除未支付且未审核的订单',
            'Only an unpaid, unreviewed order can be deleted',
          );
        }
      },
    });
    setHandler(reissueAuthCodeUpdate, () => this.reissueAuthCode(), {
      validator: ({ actor }) => {
        if (!actor.roles.includes('ca_admin'))
          refuse(OrderRejection.NotOwner, '需要 CA 管理员', 'Only a ca_admin may re-issue the code');
        if (this.state.status !== 'approved' && this.state.status !== 'in_production')
          refuse(OrderRejection.WrongState, '订单尚未审核通过或已完成', 'The order is not approved or is complete');
      },
    });
    setHandler(makeTokenUpdate, (m) => this.makeToken(m), {
      validator: (m) => {
        this.ownerOnly(m.actor);
        if (this.state.status !== 'approved' && this.state.status !== 'in_production')
          refuse(
            OrderRejection.WrongState,
            '订单当前不能制证',
            `UKeys cannot be made while the order is ${this.state.status}`,
          );
        const busy = this.state.items.filter((i) => i.step !== 'done' && i.step !== 'failed');
        if (this.state.remaining - busy.length <= 0)
          refuse(OrderRejection.NothingRemaining, '可制作数量已用完', 'No UKeys remain to be made for this order');
        if (this.state.items.some((i) => i.tokenSerial === m.tokenSerial && i.step !== 'failed'))
          refuse(
            OrderRejection.TokenBusy,
            '该 UKey 已在本订单中制作',
            'This token is already being (or was) made for this order',
          );
        if (this.state.items.some((i) => i.itemId === m.itemId))
          refuse(OrderRejection.TokenBusy, '重复的制证请求', 'This request was already received');
        this.tokenCheck?.(m);
      },
    });
    this.financeDesk = this.checkTransfers();
  }

  /** Writes the status and its step to the process record, then to the order's row. */
  async record(): Promise<void> {
    await this.proc.setStatus(this.state.status, ORDER_STEPS[this.state.status], {
      remaining: this.state.remaining,
      reviewRound: this.state.reviewRound,
      reason: this.state.reason,
    });
    await records.recordOrderStatus({
      orderId: this.input.orderId,
      status: this.state.status,
      paidAt: this.state.paidAt,
    });
  }

  /**
   * Ends the order: once every refund is answered, open tasks are cancelled, the finance desk closed and
   * the final status recorded.
   */
  async close(status: OrderStatus): Promise<OrderStatus> {
    this.state.status = status;
    if (this.refunds.length > 0) {
      await this.record();
      while (this.refunds.length > 0) await this.refunds.shift();
    }
    this.finished = true;
    await this.proc.cancelOpenTasks();
    await this.financeDesk;
    await this.record();
    await this.proc.finish(status, {
      remaining: this.state.remaining,
      reviewRound: this.state.reviewRound,
      reason: this.state.reason,
    });
    return status;
  }

  /** Makes one UKey at its station; a failed one does not count. */
  async produce(item: TokenItem): Promise<void> {
    const hw = station(item.stationId);
    let made: MadeUKey;
    try {
      made = await hw.makeUKey({
        orderId: this.input.orderId,
        itemId: item.itemId,
        enterpriseId: this.input.enterpriseId,
        stationId: item.stationId,
        tokenSerial: item.tokenSerial,
        ukeyModel: item.ukeyModel,
        keyId: item.keyId,
        subject: this.input.subject,
        validityYears: this.input.validityYears,
        initialPin: this.initialPin!,
      });
      item.certificateSerial = made.certificateSerial;
      if (!patched('ukey-answered-first')) {
        // Without that patch the UKey is answered only once its lifecycle workflow has started.
        if (patched('certificate-lifecycle')) await this.startLifecycle(made);
        item.step = 'done';
        this.state.remaining--;
        return;
      }
    } catch (err) {
      await this.ukeyFailed(item, err, hw);
      return;
    }
    // The person at the station waits on the answer, so the UKey is answered made before its lifecycle starts.
    item.step = 'done';
    this.state.remaining--;
    await this.startLifecycle(made);
  }

  /**
   * A UKey that failed: a refusal by the station was cleaned and recorded there; a station that never
   * finished is cleaned from here (its key wiped, its certificate voided, the item recorded failed).
   */
  private async ukeyFailed(item: TokenItem, err: unknown, hw: ReturnType<typeof station>): Promise<void> {
    const error = failureText(err);
    const refusedByStation =
      err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
    if (!refusedByStation) {
      await hw.wipeKey({ tokenSerial: item.tokenSerial, keyId: item.keyId }).catch(() => 0);
      const ukey = {
        orderId: this.input.orderId,
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
  }

  /** The certificate's own lifetime (reminders, expiry, revocation), which outlives the order. */
  async startLifecycle(made: MadeUKey): Promise<void> {
    try {
      await startChild(certificateLifecycle, {
        workflowId: lifecycleWorkflowId(made.certificateSerial),
        args: [
          {
            serialHex: made.certificateSerial,
            enterpriseId: this.input.enterpriseId,
            orderId: this.input.orderId,
            notAfter: made.notAfter,
            reminderDays: this.input.timings.reminderDays ?? [30, 7, 1],
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      // Already running: the order was reset to a point before the start.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** Finance confirms or refuses each reported bank transfer against the slip and the amount. */
  private async checkTransfers(): Promise<void> {
    const { orderId, orderNo, totalFen, timings } = this.input;
    for (;;) {
      await condition(() => this.transfers.length > 0 || this.finished);
      if (this.finished) return;
      const t = this.transfers.shift()!;
      if (this.state.paid && patched('order-paid-once')) {
        this.refundLater(t.paymentId, 'transfer');
        continue;
      }
      const d = await this.proc.ask({
        kind: 'order.bank_transfer',
        title: `核对银行汇款 · 订单 ${orderNo} · 应收 ${totalFen} 分`,
        step: '财务确认汇款',
        department: '财务',
        candidateRole: 'finance',
        outcomes: ['confirm', 'reject'],
        commentRequiredFor: ['reject'],
        form: [transferCheck(totalFen)],
        dueInMs: timings.reviewDueMs,
        escalateAfterMs: timings.escalateAfterMs,
        escalationRole: timings.escalationRole,
      });
      if (!d) {
        // Closed because the order was paid online meanwhile (not because the order ended).
        if (this.state.paid && !this.finished && patched('order-paid-once')) this.refundLater(t.paymentId, 'transfer');
        continue;
      }
      const received = Number(d.fields.receivedFen);
      if (d.outcome === 'confirm' && received === totalFen) {
        // Paid from the moment finance confirms: an online payment arriving while this is recorded is the second.
        if (patched('order-paid-once')) {
          this.state.paid = true;
          this.state.paidAt ??= d.decidedAt;
        }
        await records.settleBankTransfer({ paymentId: t.paymentId, paid: true, reason: null });
        await this.markPaid(d.decidedAt);
      } else {
        const reason = d.comment ?? `实收 ${received} 分与应收 ${totalFen} 分不符`;
        await records.settleBankTransfer({ paymentId: t.paymentId, paid: false, reason });
        await effects.notifyOrder({
          orderId,
          key: `${t.paymentId}:refused`,
          template: 'order.transfer_refused',
          params: { orderNo, reason },
        });
        // Still unpaid: the step shown goes back from the finance check to awaiting payment.
        if (patched('transfer-refused-step') && this.state.status === 'unpaid') await this.record();
      }
    }
  }

  private ownerOnly(actor: Actor): void {
    if (actor.enterpriseId !== this.input.enterpriseId)
      refuse(OrderRejection.NotOwner, '只有下单企业可以操作', 'Only the ordering enterprise may do this');
  }

  /** The order is paid, by a payment made at `paidAt`. */
  private async markPaid(paidAt: string): Promise<void> {
    this.state.paid = true;
    this.state.paidAt ??= paidAt;
    if (this.state.status === 'unpaid') {
      this.state.status = 'paid';
      await this.record();
    }
  }

  /**
   * A verified online payment. The first money confirmed pays the order: a transfer waiting for finance is
   * closed (and refunded if it arrived); a payment for an order already paid is refunded.
   */
  private async paymentReceived(p: PaymentReceived): Promise<OrderState> {
    if (!patched('order-paid-once')) {
      await this.markPaid(p.paidAt);
      return this.state;
    }
    if (this.state.paid) {
      this.refundLater(p.paymentId, 'online');
      return this.state;
    }
    await this.markPaid(p.paidAt);
    await this.proc.cancelOpenTasks({ kind: 'order.bank_transfer', reason: PAID_ONLINE });
    return this.state;
  }

  /** Opens a refund task for finance for a payment the order did not need. */
  private refundLater(paymentId: string, method: 'online' | 'transfer'): void {
    this.refunds.push(this.refund(paymentId, method));
  }

  /**
   * Finance returns money the order did not need: an online payment after the order was paid, or a
   * transfer reported before another payment paid it (which finance may find never arrived).
   */
  private async refund(paymentId: string, method: 'online' | 'transfer'): Promise<void> {
    const { orderId, orderNo, totalFen, timings } = this.input;
    const refundId = uuid4();
    const reason =
      method === 'online'
        ? '订单已付款，此笔在线支付为重复付款 The order was already paid; this online payment is a second one'
        : '订单已由其他付款付清，此笔汇款不再确认 The order was paid by another payment; this transfer is not needed';
    await records.openRefund({ refundId, orderId, paymentId, reason });
    const d = await this.proc.ask({
      kind: 'order.refund',
      title: `退款 · 订单 ${orderNo} · ${totalFen} 分${method === 'online' ? '（重复在线支付）' : '（银行汇款）'}`,
      step: '财务退款',
      department: '财务',
      candidateRole: 'finance',
      outcomes: method === 'online' ? ['refunded'] : ['refunded', 'not_received'],
      commentRequiredFor: ['not_received'],
      dueInMs: timings.reviewDueMs,
      escalateAfterMs: timings.escalateAfterMs,
      escalationRole: timings.escalationRole,
    });
    let status: 'refunded' | 'not_received' | 'cancelled' | 'failed' = d
      ? (d.outcome as 'refunded' | 'not_received')
      : 'cancelled';
    if (method === 'online' && status === 'refunded' && patched('wallet-provider-refund'))
      status = await refundThroughProvider(refundId);
    await records.settleRefund({
      refundId,
      status,
      comment: d?.comment ?? null,
      decidedBy: d?.actor.userId ?? null,
    });
  }

  private bankTransferReported(t: BankTransferReported): OrderState {
    this.transfers.push(t);
    return this.state;
  }

  private materialsSubmitted(): OrderState {
    this.state.materialsSubmitted = true;
    return this.state;
  }

  private async cancel(reason: string | undefined): Promise<OrderState> {
    this.cancelled = true;
    this.state.reason = reason?.trim() || '申请人删除订单 Deleted by the applicant';
    await this.proc.cancelOpenTasks();
    return this.state;
  }

  private async reissueAuthCode(): Promise<OrderState> {
    const issued = await effects.issueAuthCode({ orderId: this.input.orderId, reissue: true });
    this.state.authCodeExpiresAt = issued.expiresAt;
    return this.state;
  }

  /** Queues one UKey; the answer is the finished item (the caller may stop waiting earlier; it is made anyway). */
  private async makeToken(m: MakeTokenInput): Promise<MadeToken> {
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
    this.state.items.push(item);
    this.queue.push(item);
    await condition(() => item.step === 'done' || item.step === 'failed');
    return { ...item, remaining: this.state.remaining };
  }
}

/**
 * Payment and materials, in either order. False when the order ends here: cancelled by the applicant, or
 * the payment window passed.
 */
export async function awaitPaymentAndMaterials(order: OrderDesk): Promise<boolean> {
  const { state } = order;
  const ready = await condition(
    () => (state.paid && state.materialsSubmitted) || order.cancelled,
    order.input.timings.paymentWindowMs,
  );
  if (!ready && !state.paid) {
    order.cancelled = true;
    state.reason = '超过支付期限，订单已取消 The payment window expired';
  }
  if (order.cancelled || !ready) {
    await order.proc.cancelOpenTasks();
    return false;
  }
  return true;
}

/** The CA administrator reviews the materials, round after round, until approving them. */
export async function reviewUntilApproved(order: OrderDesk): Promise<void> {
  const { state, input } = order;
  for (;;) {
    state.reviewRound++;
    state.status = 'in_review';
    await order.record();
    const d = await order.proc.ask({
      kind: 'order.review',
      title: `审核申请材料 · 订单 ${input.orderNo} · 第${state.reviewRound}轮`,
      step: '材料审核',
      department: 'CA 机构',
      candidateRole: 'ca_admin',
      outcomes: ['approve', 'reject'],
      commentRequiredFor: ['reject'],
      form: [documentReasons],
      dueInMs: input.timings.reviewDueMs,
      escalateAfterMs: input.timings.escalateAfterMs,
      escalationRole: input.timings.escalationRole,
    });
    if (d?.outcome === 'approve') return;
    state.status = 'rejected';
    state.rejectedDocuments = (d?.fields.documentReasons as Record<string, string> | undefined) ?? {};
    state.reason = d?.comment ?? null;
    state.materialsSubmitted = false;
    await order.record();
    const listed = Object.entries(state.rejectedDocuments)
      .map(([k, v]) => `${k}：${v}`)
      .join('；');
    await effects.notifyOrder({
      orderId: input.orderId,
      key: `${input.orderId}:rejected:${state.reviewRound}`,
      template: 'order.materials_rejected',
      params: { orderNo: input.orderNo, reason: state.reason ?? '', documents: listed },
    });
    await condition(() => state.materialsSubmitted);
  }
}

/** The authorisation code and the initial PIN, by SMS to the handler; the order is approved. */
export async function issueAuthCode(order: OrderDesk): Promise<void> {
  const { state } = order;
  const issued = await effects.issueAuthCode({ orderId: order.input.orderId, reissue: false });
  order.initialPin = issued.initialPin;
  state.authCodeExpiresAt = issued.expiresAt;
  state.rejectedDocuments = {};
  state.reason = null;
  state.status = 'approved';
  await order.record();
}

/** UKeys made one at a time, as they are asked for, until none remain; then the handler is told. */
async function produceUKeys(order: OrderDesk): Promise<void> {
  const { state, input } = order;
  while (state.remaining > 0) {
    await condition(() => order.queue.length > 0);
    if (state.status === 'approved') {
      state.status = 'in_production';
      await order.record();
    }
    await order.produce(order.queue.shift()!);
  }
  await effects.notifyOrder({
    orderId: input.orderId,
    key: `${input.orderId}:completed`,
    template: 'order.completed',
    params: { orderNo: input.orderNo, quantity: String(input.quantity) },
  });
  await records.discardInitialPin({ orderId: input.orderId });
}

/** Every UKey is made: the order is recorded completed, then its UKeys are delivered and their receipt confirmed. */
async function deliverMadeUKeys(order: OrderDesk): Promise<void> {
  order.state.status = 'completed';
  await order.record();
  await deliverUKeys(order.proc, order.input);
}

/** Runs one certificate order to completion or cancellation. */
export async function certificateOrder(input: OrderInput): Promise<OrderStatus> {
  const order = new OrderDesk(input);
  await order.proc.begin();
  await order.record();
  if (!(await awaitPaymentAndMaterials(order))) return order.close('cancelled');
  await reviewUntilApproved(order);
  await issueAuthCode(order);
  await produceUKeys(order);
  if (patched('delivery-dispatch')) await deliverMadeUKeys(order);
  return order.close('completed');
}

/**
 * The delivery step of a certificate order (物流信息, 我的签收), run by the order workflow once every UKey
 * is made (patch `delivery-dispatch`): a CA administrator dispatches the UKeys with a carrier and tracking
 * number, or sets them aside for pickup at the desk (自取); the handler is told by SMS and email; the
 * applicant confirms receipt, or the order confirms it by itself after the configured days.
 */
import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { DeliveryActivities } from '../activities/delivery';
import type { OrderActivities } from '../activities/certificate-order';
import { OrderRejection, type OrderInput } from '../contracts/certificate-order';
import { confirmReceiptUpdate, deliveryStateQuery, DISPATCH_TASK, type DeliveryState } from '../contracts/delivery';
import type { Actor, TaskFormField } from '../contracts/tasks';
import { CARRIERS, CARRIER_LABELS, DELIVERY_STATUS_LABELS } from '../domain/delivery';
import { msg } from '../domain/text';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY } from './activity-options';
import type { Process } from './process';

const records = proxyActivities<DeliveryActivities>(RECORD_ACTIVITY);
const effects = proxyActivities<Pick<OrderActivities, 'notifyOrder'>>(EFFECT_ACTIVITY);

const DAY = 86_400_000;
/** Orders placed before the setting existed confirm receipt by themselves after this long. */
const DEFAULT_AUTO_CONFIRM_MS = 7 * DAY;

/** The dispatch form: carrier from the list, tracking number in that carrier's format. */
const DISPATCH_FORM: TaskFormField[] = [
  {
    name: 'carrier',
    label: msg('快递公司', 'Carrier'),
    type: 'choice',
    requiredFor: ['dispatch'],
    choices: CARRIERS.map((c) => c.code),
  },
  {
    name: 'trackingNo',
    label: msg('运单号', 'Tracking number'),
    type: 'text',
    requiredFor: ['dispatch'],
    formatBy: {
      field: 'carrier',
      formats: Object.fromEntries(CARRIERS.map((c) => [c.code, { pattern: c.pattern, hint: c.hint }])),
    },
  },
];

function refuse(type: string, zh: string, en: string): never {
  throw ApplicationFailure.create({ type, message: en, details: [{ message: msg(zh, en) }], nonRetryable: true });
}

/** Dispatch (or pickup), then receipt, confirmed by the applicant or by the timer. */
export async function deliverUKeys(proc: Process, input: OrderInput): Promise<void> {
  const { orderId, orderNo, timings } = input;
  const state: DeliveryState = {
    status: 'awaiting_dispatch',
    method: null,
    carrier: null,
    trackingNo: null,
    dispatchedAt: null,
    autoConfirmAt: null,
    receivedAt: null,
    confirmedBy: null,
  };
  const shown = async () => {
    await proc.setStatus(state.status, DELIVERY_STATUS_LABELS[state.status].zh, { delivery: { ...state } });
  };
  setHandler(deliveryStateQuery, () => state);
  setHandler(
    confirmReceiptUpdate,
    async () => {
      state.status = 'received';
      state.receivedAt = new Date().toISOString();
      state.confirmedBy = 'applicant';
      await records.recordDelivery({ orderId, state: { ...state } });
      return state;
    },
    {
      validator: ({ actor }: { actor: Actor }) => {
        if (actor.enterpriseId !== input.enterpriseId)
          refuse(OrderRejection.NotOwner, '只有下单企业可以签收', 'Only the ordering enterprise may confirm receipt');
        if (state.status === 'received') refuse(OrderRejection.WrongState, '已签收', 'Receipt is already confirmed');
        if (state.status === 'awaiting_dispatch')
          refuse(OrderRejection.WrongState, 'UKey 尚未发货，不能签收', 'The UKeys have not been dispatched yet');
      },
    },
  );
  await records.recordDelivery({ orderId, state: { ...state } });
  await shown();

  // Only the order's end cancels open tasks, and the order ends after this step: a decision comes.
  const d = (await proc.ask({
    kind: DISPATCH_TASK,
    title: `UKey 发货 · 订单 ${orderNo}`,
    step: '发货',
    department: 'CA 机构',
    candidateRole: 'ca_admin',
    outcomes: ['dispatch', 'pickup'],
    form: DISPATCH_FORM,
    dueInMs: timings.reviewDueMs,
    escalateAfterMs: timings.escalateAfterMs,
    escalationRole: timings.escalationRole,
  }))!;
  const autoConfirmMs = timings.deliveryAutoConfirmMs ?? DEFAULT_AUTO_CONFIRM_MS;
  state.dispatchedAt = d.decidedAt;
  state.autoConfirmAt = new Date(Date.parse(d.decidedAt) + autoConfirmMs).toISOString();
  if (d.outcome === 'dispatch') {
    state.status = 'dispatched';
    state.method = 'courier';
    state.carrier = String(d.fields.carrier);
    state.trackingNo = String(d.fields.trackingNo).trim();
  } else {
    state.status = 'awaiting_pickup';
    state.method = 'pickup';
  }
  await records.recordDelivery({ orderId, state: { ...state } });
  await shown();
  await effects.notifyOrder({
    orderId,
    key: `${orderId}:${state.status}`,
    template: state.method === 'courier' ? 'order.dispatched' : 'order.pickup_ready',
    params: {
      orderNo,
      carrier: state.carrier ? CARRIER_LABELS[state.carrier].zh : '',
      trackingNo: state.trackingNo ?? '',
    },
  });

  if (!(await condition(() => state.status === 'received', autoConfirmMs))) {
    state.status = 'received';
    state.receivedAt = new Date().toISOString();
    state.confirmedBy = 'auto';
    await records.confirmReceiptAutomatically({ orderId, state: { ...state } });
  }
  await shown();
}

/**
 * Certificate renewal (续期) — the order every enterprise places a year later for a certificate about to
 * expire (or expired within the grace period): one UKey, the same one.
 *
 *   unpaid ─(paid online | bank transfer confirmed by finance, as for a new order)→ paid
 *   enterprise record changed since the certificate was issued? materials → ca_admin review (as an order)
 *                                                   unchanged? review skipped (the timeline says why)
 *   authorisation code + initial PIN by SMS → the same UKey renewed at a token station → completed
 *
 * At the station the UKey gets a new key pair and certificate; the old certificate stays in use until the
 * new one is written and verified, then it is revoked as superseded (activities/ukey-renewal.ts). Then
 * the CA-lock binding follows the UKey to the new certificate without a new approval, the old
 * certificate's lifetime ends and the new one's starts.
 *
 * Payment, transfers, refunds, materials, cancellation and the authorisation code are the certificate
 * order's own (`OrderDesk`, the same Updates and query); only the station's work differs.
 *
 * Live patch IDs: none.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  uuid4,
} from '@temporalio/workflow';
import type { OrderActivities } from '../activities/certificate-order';
import type { RenewalActivities } from '../activities/certificate-renewal';
import { OrderRejection, type TokenItem } from '../contracts/certificate-order';
import { lifecycleWorkflowId, supersededSignal } from '../contracts/certificate-lifecycle';
import type { RenewalInput } from '../contracts/certificate-renewal';
import { stationFailureOf, stationTaskQueue, StationFailure, type StationActivities } from '../contracts/station';
import type { OrderStatus } from '../domain/certificate-order';
import { EFFECT_ACTIVITY, RECORD_ACTIVITY, STATION_ACTIVITY } from './activity-options';
import {
  awaitPaymentAndMaterials,
  failureText,
  issueAuthCode,
  OrderDesk,
  refuse,
  reviewUntilApproved,
} from './certificate-order';

const records = proxyActivities<Pick<OrderActivities, 'closeFailedUKey' | 'discardInitialPin'>>(RECORD_ACTIVITY);
const renewals = proxyActivities<RenewalActivities>(RECORD_ACTIVITY);
const effects = proxyActivities<Pick<OrderActivities, 'notifyOrder'>>(EFFECT_ACTIVITY);

/** A station's renewal, on the station's own task queue (see the certificate order's `station`). */
function station(stationId: string) {
  return proxyActivities<Pick<StationActivities, 'renewUKey'>>({
    taskQueue: stationTaskQueue(stationId),
    ...STATION_ACTIVITY,
    retry: { ...STATION_ACTIVITY.retry, nonRetryableErrorTypes: Object.values(StationFailure) },
  });
}

/**
 * Renews the UKey once asked at a station; an attempt that fails leaves the old certificate in use and
 * does not count, and the next attempt reuses the renewal's key pair left on the token.
 */
async function renewUKey(order: OrderDesk, input: RenewalInput): Promise<void> {
  const { state } = order;
  // One CKA_ID for every attempt of this renewal, so what a failed attempt left is found and reused.
  const keyId = uuid4().replace(/-/g, '');
  while (state.remaining > 0) {
    await condition(() => order.queue.length > 0);
    if (state.status === 'approved') {
      state.status = 'in_production';
      await order.record();
    }
    const item: TokenItem = order.queue.shift()!;
    item.keyId = keyId;
    try {
      const renewed = await station(item.stationId).renewUKey({
        orderId: input.orderId,
        itemId: item.itemId,
        enterpriseId: input.enterpriseId,
        stationId: item.stationId,
        tokenSerial: item.tokenSerial,
        ukeyModel: item.ukeyModel,
        keyId,
        subject: input.subject,
        validityYears: input.validityYears,
        initialPin: order.initialPin!,
        renewsSerial: input.renewal.certificateSerial,
      });
      item.certificateSerial = renewed.certificateSerial;
      item.step = 'done';
      state.remaining--;
      await supersede(order, input, renewed);
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      const refusedByStation = err.cause instanceof ApplicationFailure && err.cause.nonRetryable;
      const error = failureText(err);
      if (!refusedByStation) {
        const { itemId, stationId, tokenSerial, ukeyModel } = item;
        await records.closeFailedUKey({
          item: { orderId: input.orderId, itemId, stationId, tokenSerial, ukeyModel },
          error,
        });
      }
      item.error = error;
      item.failure = stationFailureOf(err);
      item.step = 'failed';
    }
  }
}

/** After the switch: the binding follows the UKey, the old certificate's lifetime ends and the new one's starts. */
async function supersede(
  order: OrderDesk,
  input: RenewalInput,
  renewed: { certificateSerial: string; notAfter: string },
): Promise<void> {
  const fromSerial = input.renewal.certificateSerial;
  const toSerial = renewed.certificateSerial;
  if (await renewals.bindingOfRenewal({ fromSerial, toSerial }))
    await renewals.followBinding({ fromSerial, toSerial, orderId: input.orderId });
  try {
    await getExternalWorkflowHandle(lifecycleWorkflowId(fromSerial)).signal(supersededSignal, { by: toSerial });
  } catch {
    // Its lifetime already ended (expired within the grace period): nothing to end.
  }
  await order.startLifecycle(renewed);
}

/** Runs one renewal order to completion or cancellation. */
export async function certificateRenewal(input: RenewalInput): Promise<OrderStatus> {
  const order = new OrderDesk(input);
  order.tokenCheck = (m) => {
    if (m.tokenSerial !== input.renewal.tokenSerial)
      refuse(
        OrderRejection.WrongToken,
        `续期只能在原 UKey（锁号 ${input.renewal.tokenSerial}）上办理`,
        `A renewal is made on its own UKey (${input.renewal.tokenSerial}), not on ${m.tokenSerial}`,
      );
  };
  await order.proc.begin();
  await order.record();
  const reviewNeeded = input.renewal.changedFields.length > 0;
  if (!reviewNeeded) {
    order.state.materialsSubmitted = true;
    await renewals.skipMaterialsReview({ orderId: input.orderId });
  }
  if (!(await awaitPaymentAndMaterials(order))) return order.close('cancelled');
  if (reviewNeeded) await reviewUntilApproved(order);
  await issueAuthCode(order);
  await renewUKey(order, input);
  await effects.notifyOrder({
    orderId: input.orderId,
    key: `${input.orderId}:renewed`,
    template: 'certificate.renewed',
    params: { orderNo: input.orderNo, tokenSerial: input.renewal.tokenSerial },
  });
  await records.discardInitialPin({ orderId: input.orderId });
  return order.close('completed');
}

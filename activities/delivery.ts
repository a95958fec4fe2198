/** Activities of an order's delivery: its row in `order_deliveries`, written as the delivery moves on. */
import { sql } from 'kysely';
import type { DeliveryState } from '../contracts/delivery';
import type { Db } from '../platform/db';

/** A status's place in the delivery's order, so an older write retried late never undoes a newer one. */
const rank = (column: string) =>
  sql.raw(`case ${column} when 'awaiting_dispatch' then 0 when 'received' then 2 else 1 end`);

/** Writes the delivery's state (idempotent; never moves it back). */
async function writeDelivery(db: Db, orderId: string, s: DeliveryState): Promise<void> {
  const row = {
    status: s.status,
    method: s.method,
    carrier: s.carrier,
    tracking_no: s.trackingNo,
    dispatched_at: s.dispatchedAt,
    auto_confirm_at: s.autoConfirmAt,
    received_at: s.receivedAt,
    confirmed_by: s.confirmedBy,
    updated_at: new Date(),
  };
  await db
    .insertInto('order_deliveries')
    .values({ order_id: orderId, ...row })
    .onConflict((oc) =>
      oc
        .column('order_id')
        .doUpdateSet(row)
        .where(sql<boolean>`${rank('order_deliveries.status')} <= ${rank('excluded.status')}`),
    )
    .execute();
}

/** Builds the delivery activities. */
export function createDeliveryActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** Records the delivery as it stands: awaiting dispatch, dispatched, set aside for pickup, or received. */
    async recordDelivery(r: { orderId: string; state: DeliveryState }): Promise<void> {
      await writeDelivery(db, r.orderId, r.state);
    },

    /** Records receipt confirmed by the order itself, the configured days after dispatch (自动签收). */
    async confirmReceiptAutomatically(r: { orderId: string; state: DeliveryState }): Promise<void> {
      await writeDelivery(db, r.orderId, r.state);
    },
  };
}

/** The delivery activities, as the workflow proxies them. */
export type DeliveryActivities = ReturnType<typeof createDeliveryActivities>;

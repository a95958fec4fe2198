/** The delivery of orders' UKeys (物流信息, 我的签收), as the order workflow records it. */
import type { Selectable } from 'kysely';
import { CARRIER_LABELS } from '../../domain/delivery';
import type { Db } from '../../platform/db';
import type { OrderDeliveriesTable } from '../../platform/db/schema';

/** A delivery as the API shows it. */
export function deliveryView(d: Selectable<OrderDeliveriesTable>) {
  return {
    status: d.status,
    method: d.method,
    carrier: d.carrier,
    carrierLabel: d.carrier ? (CARRIER_LABELS[d.carrier] ?? null) : null,
    trackingNo: d.tracking_no,
    dispatchedAt: d.dispatched_at?.toISOString() ?? null,
    autoConfirmAt: d.auto_confirm_at?.toISOString() ?? null,
    receivedAt: d.received_at?.toISOString() ?? null,
    confirmedBy: d.confirmed_by,
  };
}

/** The delivery of an order, once its UKeys are made. */
export async function findDelivery(db: Db, orderId: string) {
  return db.selectFrom('order_deliveries').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}

/** 我的签收 — the enterprise's orders whose UKeys were dispatched or set aside for pickup, newest dispatch first. */
export async function enterpriseDeliveries(db: Db, enterpriseId: string) {
  const rows = await db
    .selectFrom('order_deliveries')
    .innerJoin('ca_orders', 'ca_orders.id', 'order_deliveries.order_id')
    .selectAll('order_deliveries')
    .select(['ca_orders.order_no', 'ca_orders.service', 'ca_orders.quantity', 'ca_orders.shipping'])
    .where('ca_orders.enterprise_id', '=', enterpriseId)
    .where('ca_orders.deleted_at', 'is', null)
    .where('order_deliveries.status', '<>', 'awaiting_dispatch')
    .orderBy('order_deliveries.dispatched_at', 'desc')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    orderId: row.order_id,
    orderNo: row.order_no,
    name: (row.service as { name: string }).name,
    quantity: row.quantity,
    shipping: row.shipping,
    ...deliveryView(row),
  }));
}

/** Certificate orders (process 2) and their UKeys (process 3). Functions take `db` or a transaction. */
import { sql } from 'kysely';
import type { OrderInput } from '../../contracts/certificate-order';
import { isRenewal } from '../../contracts/certificate-renewal';
import { orderNumber, type OrderRequest, type OrderStatus } from '../../domain/certificate-order';
import type { Role } from '../../domain/roles';
import type { Db } from '../../platform/db';
import type { OrderRow, ServiceRow, UserRow } from '../../platform/db/schema';
import { hasRole } from '../../domain/roles';
import { staffReadersOf } from '../../domain/process-access';
import { attachmentView, currentAttachments } from './attachments';
import { serviceView } from './catalog';
import { deliveryView, findDelivery } from './deliveries';
import { commentByDepartment, entitlementTo, findProcess, processComments } from './processes';

/** Roles of the vendor side that see every order (the order process's staff roles and the overseers). */
export const VENDOR_ROLES: Role[] = staffReadersOf('certificate-order');

/** Owner of an order's materials in the attachments table. */
export const materialsOwner = (orderId: string) => `order:${orderId}`;

/** The applicant, organisation and handler an order was placed for (as stored, normalised). */
export interface OrderRegistration {
  organization: { name: string; creditCode: string; address: string; landline: string };
  legalRepresentative: { name: string };
  handler: { name: string; idNumber: string; email: string; landline: string; mobile: string };
}

/** An order by ID, unless deleted. */
export async function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('ca_orders').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
}

/** A deleted order that has a refund. */
async function deletedOrderWithRefund(db: Db, id: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('ca_orders')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is not', null)
    .where((eb) => eb.exists(eb.selectFrom('order_refunds').select('id').whereRef('order_id', '=', 'ca_orders.id')))
    .executeTakeFirst();
}

/** An order the user may see: its enterprise's users, vendor staff, and whoever may read its process. */
export async function orderVisibleTo(db: Db, user: UserRow, id: string): Promise<OrderRow | undefined> {
  // A deleted order that money reached afterwards stays readable to vendor staff, who refund it.
  const order =
    (await findOrder(db, id)) ?? (hasRole(user, ...VENDOR_ROLES) ? await deletedOrderWithRefund(db, id) : undefined);
  if (!order) return undefined;
  if (order.enterprise_id === user.enterprise_id || hasRole(user, ...VENDOR_ROLES)) return order;
  // Anyone else the process's access rule lets read it (e.g. the supervisor its review was escalated to).
  const process = await findProcess(db, order.process_id);
  return process && (await entitlementTo(db, user, process)) ? order : undefined;
}

/** An order of the user's own enterprise. */
export async function ownOrder(db: Db, user: UserRow, id: string): Promise<OrderRow | undefined> {
  const order = await findOrder(db, id);
  return order && order.enterprise_id === user.enterprise_id ? order : undefined;
}

/** The process of an order, deleted or not. */
export async function orderProcessId(db: Db, id: string): Promise<string | undefined> {
  return (await db.selectFrom('ca_orders').select('process_id').where('id', '=', id).executeTakeFirst())?.process_id;
}

/** The next order number (date and sequence). */
export async function nextOrderNo(db: Db, at: Date): Promise<string> {
  const seq = await sql<{ n: number }>`select nextval('ca_order_no_seq')::int as n`.execute(db);
  return orderNumber(at, seq.rows[0].n);
}

/** Records a placed order (the workflow input with it, so a lost start can be made again). */
export async function insertOrder(
  db: Db,
  o: {
    input: OrderInput;
    service: ServiceRow;
    body: OrderRequest;
    processId: string;
    userId: string;
    agreements: object;
  },
): Promise<void> {
  const { body, input, service } = o;
  const registration: OrderRegistration = {
    organization: {
      name: body.organization.name.trim(),
      creditCode: body.organization.creditCode.trim().toUpperCase(),
      address: body.organization.address.trim(),
      landline: body.organization.landline,
    },
    legalRepresentative: { name: body.legalRepresentative.name.trim() },
    handler: {
      ...body.handler,
      name: body.handler.name.trim(),
      idNumber: body.handler.idNumber.trim().toUpperCase(),
    },
  };
  await db
    .insertInto('ca_orders')
    .values({
      id: input.orderId,
      order_no: input.orderNo,
      enterprise_id: input.enterpriseId,
      service_id: service.id,
      service: JSON.stringify(serviceView(service)),
      quantity: body.quantity,
      unit_price_fen: service.unit_price_fen,
      total_fen: input.totalFen,
      status: 'unpaid',
      registration: JSON.stringify(registration),
      invoice: JSON.stringify({ ...body.invoice, taxpayerId: body.invoice.taxpayerId.trim().toUpperCase() }),
      shipping: JSON.stringify(body.shipping),
      agreement: JSON.stringify({ ...o.agreements, acceptedAt: new Date().toISOString(), acceptedBy: o.userId }),
      process_id: o.processId,
      workflow_input: JSON.stringify(input),
      reissue_of: body.reissueOf ?? null,
      created_by: o.userId,
    })
    .execute();
}

/** Marks an order deleted (its process was cancelled). */
export async function markOrderDeleted(db: Db, id: string): Promise<void> {
  await db.updateTable('ca_orders').set({ status: 'cancelled', deleted_at: new Date() }).where('id', '=', id).execute();
}

/** Orders, newest first, keyset-paginated on (created_at, id). */
export async function listOrders(
  db: Db,
  f: { enterpriseId?: string; status?: string; after: [string, string] | null; limit: number },
): Promise<OrderRow[]> {
  let q = db.selectFrom('ca_orders').selectAll().where('deleted_at', 'is', null);
  if (f.enterpriseId) q = q.where('enterprise_id', '=', f.enterpriseId);
  if (f.status) q = q.where('status', '=', f.status as OrderStatus);
  if (f.after) q = q.where(sql<boolean>`(created_at, id) < (${new Date(f.after[0])}, ${f.after[1]})`);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

/** An order as a list shows it. */
export function orderSummary(o: OrderRow) {
  return {
    id: o.id,
    orderNo: o.order_no,
    name: (o.service as { name: string }).name,
    totalFen: o.total_fen,
    quantity: o.quantity,
    status: o.status,
    createdAt: o.created_at.toISOString(),
  };
}

/** The documents the last materials review refused, each with its reason. */
async function refusedDocuments(db: Db, processId: string): Promise<Record<string, string>> {
  const review = await db
    .selectFrom('tasks')
    .select('decision')
    .where('process_id', '=', processId)
    .where('kind', '=', 'order.review')
    .where('outcome', '=', 'reject')
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return (review?.decision?.fields?.documentReasons as Record<string, string> | undefined) ?? {};
}

/** 订单详情 — status, step, payments and refunds, materials, each UKey's step, comments. */
export async function orderDetails(db: Db, order: OrderRow) {
  const [tokens, materials, payments, refunds, process, comments] = await Promise.all([
    db.selectFrom('order_tokens').selectAll().where('order_id', '=', order.id).orderBy('created_at').execute(),
    currentAttachments(db, order.enterprise_id, materialsOwner(order.id)),
    db.selectFrom('payments').selectAll().where('order_id', '=', order.id).orderBy('created_at').execute(),
    db.selectFrom('order_refunds').selectAll().where('order_id', '=', order.id).orderBy('created_at').execute(),
    db.selectFrom('processes').select(['step', 'state']).where('id', '=', order.process_id).executeTakeFirst(),
    processComments(db, order.process_id),
  ]);
  const made = tokens.filter((token) => token.status === 'done').length;
  const delivery = await findDelivery(db, order.id);
  return {
    id: order.id,
    orderNo: order.order_no,
    processId: order.process_id,
    status: order.status,
    step: process?.step ?? null,
    reason: ((process?.state ?? {}) as { reason?: string | null }).reason ?? null,
    rejectedDocuments: order.status === 'rejected' ? await refusedDocuments(db, order.process_id) : {},
    service: order.service,
    quantity: order.quantity,
    unitPriceFen: order.unit_price_fen,
    totalFen: order.total_fen,
    remaining: order.quantity - made,
    registration: order.registration,
    invoice: order.invoice,
    shipping: order.shipping,
    delivery: delivery ? deliveryView(delivery) : null,
    agreement: order.agreement,
    authCode: order.auth_code_expires_at
      ? {
          expiresAt: order.auth_code_expires_at.toISOString(),
          locked: order.auth_code_locked_at !== null,
          failures: order.auth_code_failures,
        }
      : null,
    payments: payments.map((payment) => ({
      id: payment.id,
      method: payment.method,
      provider: payment.provider,
      amountFen: payment.amount_fen,
      status: payment.status,
      reason: payment.reason,
      paidAt: payment.paid_at?.toISOString() ?? null,
    })),
    // Money the order received but did not need, and whether finance has returned it.
    refunds: refunds.map((refund) => ({
      id: refund.id,
      paymentId: refund.payment_id,
      amountFen: refund.amount_fen,
      reason: refund.reason,
      status: refund.status,
      comment: refund.comment,
      providerRefundId: refund.provider_refund_id,
      providerStatus: refund.provider_status,
      createdAt: refund.created_at.toISOString(),
      decidedAt: refund.decided_at?.toISOString() ?? null,
    })),
    materials: materials.map(attachmentView),
    tokens: tokens.map((token) => ({
      itemId: token.id,
      tokenSerial: token.token_serial,
      stationId: token.station_id,
      ukeyModel: token.ukey_model,
      status: token.status,
      step: token.step,
      error: token.error,
      certificateSerial: token.certificate_serial,
      completedAt: token.completed_at?.toISOString() ?? null,
    })),
    comments: comments.map(commentByDepartment),
    createdAt: order.created_at.toISOString(),
    paidAt: order.paid_at?.toISOString() ?? null,
    reissueOf: order.reissue_of,
    renewal: renewalOf(order),
  };
}

/** What a renewal order renews, and whether its materials review was skipped; null for other orders. */
function renewalOf(order: OrderRow) {
  const input = order.workflow_input as unknown as OrderInput;
  if (!isRenewal(input)) return null;
  return {
    certificateSerial: input.renewal.certificateSerial,
    tokenSerial: input.renewal.tokenSerial,
    changedFields: input.renewal.changedFields,
    reviewSkippedAt: order.review_skipped_at?.toISOString() ?? null,
  };
}

/** 待制作证书 — the enterprise's approved orders with UKeys still to make, oldest first. */
export async function productionQueue(db: Db, enterpriseId: string) {
  const rows = await db
    .selectFrom('ca_orders')
    .innerJoin('enterprises', 'enterprises.id', 'ca_orders.enterprise_id')
    .select([
      'ca_orders.id',
      'ca_orders.order_no',
      'ca_orders.service',
      'ca_orders.created_at',
      'ca_orders.unit_price_fen',
      'ca_orders.quantity',
      'enterprises.entity_name',
      sql<number>`(select count(*) from order_tokens t where t.order_id = ca_orders.id and t.status = 'done')::int`.as(
        'made',
      ),
    ])
    .where('ca_orders.enterprise_id', '=', enterpriseId)
    .where('ca_orders.status', 'in', ['approved', 'in_production'])
    .where('ca_orders.deleted_at', 'is', null)
    .orderBy('ca_orders.created_at')
    .execute();
  return rows
    .filter((row) => row.quantity - row.made > 0)
    .map((row) => ({
      orderId: row.id,
      orderName: (row.service as { name: string }).name,
      company: row.entity_name,
      orderNo: row.order_no,
      orderedAt: row.created_at.toISOString(),
      unitPriceFen: row.unit_price_fen,
      quantity: row.quantity,
      remaining: row.quantity - row.made,
      serviceType: '新领',
    }));
}

/** Counts a wrong authorisation code; locks the code at `max` failures. Answers the count and whether it is locked. */
export async function countWrongAuthCode(
  db: Db,
  orderId: string,
  max: number,
): Promise<{ failures: number; locked: boolean }> {
  const counted = await db
    .updateTable('ca_orders')
    .set({
      auth_code_failures: sql`auth_code_failures + 1`,
      auth_code_locked_at: sql`case when auth_code_failures + 1 >= ${max} then now() else auth_code_locked_at end`,
    })
    .where('id', '=', orderId)
    .returning(['auth_code_failures', 'auth_code_locked_at'])
    .executeTakeFirstOrThrow();
  return { failures: counted.auth_code_failures, locked: counted.auth_code_locked_at !== null };
}

/** Unpaid orders recorded before `before` whose process never started (no projection of it exists). */
export async function ordersNeverStarted(db: Db, before: Date): Promise<OrderRow[]> {
  return db
    .selectFrom('ca_orders')
    .selectAll()
    .where('status', '=', 'unpaid')
    .where('deleted_at', 'is', null)
    .where('created_at', '<', before)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('processes').select('processes.id').whereRef('processes.id', '=', 'ca_orders.process_id'))),
    )
    .execute();
}

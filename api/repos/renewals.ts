/** Renewal orders (续期): the certificate renewed and its order, the open renewal of a certificate. Functions take `db`. */
import { orderWorkflowId } from '../../contracts/certificate-order';
import type { RenewalInput } from '../../contracts/certificate-renewal';
import type { Db } from '../../platform/db';
import type { CertificateRow, OrderRow, ServiceRow } from '../../platform/db/schema';
import { serviceView } from './catalog';
import type { OrderRegistration } from './orders';

/** A certificate of an enterprise with the order that made it and the model of its UKey. */
export async function certificateToRenew(
  db: Db,
  serialHex: string,
  enterpriseId: string,
): Promise<{ cert: CertificateRow; order: OrderRow; ukeyModel: string } | undefined> {
  const cert = await db
    .selectFrom('certificates')
    .selectAll()
    .where('serial_hex', '=', serialHex)
    .where('enterprise_id', '=', enterpriseId)
    .executeTakeFirst();
  if (!cert) return undefined;
  const [order, token] = await Promise.all([
    db.selectFrom('ca_orders').selectAll().where('id', '=', cert.order_id).executeTakeFirstOrThrow(),
    db.selectFrom('order_tokens').select('ukey_model').where('id', '=', cert.item_id).executeTakeFirst(),
  ]);
  return { cert, order, ukeyModel: token?.ukey_model ?? '' };
}

/** The renewal orders not cancelled, by the certificate each renews. */
export async function openRenewals(db: Db, serials: string[]): Promise<Map<string, OrderRow>> {
  if (serials.length === 0) return new Map();
  const rows = await db
    .selectFrom('ca_orders')
    .selectAll()
    .where('renews_serial', 'in', serials)
    .where('status', '<>', 'cancelled')
    .execute();
  return new Map(rows.map((o) => [o.renews_serial!, o]));
}

/** Records a renewal order: one UKey, the renewal price, the registration as the approved record says now. */
export async function insertRenewalOrder(
  db: Db,
  o: {
    input: RenewalInput;
    service: ServiceRow;
    renewed: OrderRow;
    registration: OrderRegistration;
    userId: string;
    agreements: object;
  },
): Promise<void> {
  const { input, service, renewed } = o;
  await db
    .insertInto('ca_orders')
    .values({
      id: input.orderId,
      order_no: input.orderNo,
      enterprise_id: input.enterpriseId,
      service_id: service.id,
      service: JSON.stringify(serviceView(service)),
      quantity: 1,
      unit_price_fen: input.totalFen,
      total_fen: input.totalFen,
      status: 'unpaid',
      registration: JSON.stringify(o.registration),
      invoice: JSON.stringify(renewed.invoice),
      shipping: JSON.stringify(renewed.shipping),
      agreement: JSON.stringify({ ...o.agreements, acceptedAt: new Date().toISOString(), acceptedBy: o.userId }),
      process_id: orderWorkflowId(input.orderId),
      workflow_input: JSON.stringify(input),
      created_by: o.userId,
      renews_serial: input.renewal.certificateSerial,
    })
    .execute();
}

/** Issued certificates: who holds them, where they stand, what is revoked. Functions take `db` or a transaction. */
import type { OrderInput } from '../../contracts/certificate-order';
import type { Db } from '../../platform/db';
import type { CertificateRow, OrderRow } from '../../platform/db/schema';

/** A certificate by serial (lower-case hex). */
export async function findCertificate(db: Db, serialHex: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').selectAll().where('serial_hex', '=', serialHex).executeTakeFirst();
}

/** Issued certificates, newest first (of one enterprise, if given), at most 200. */
export async function listCertificates(db: Db, enterpriseId?: string) {
  let q = db
    .selectFrom('certificates')
    .select([
      'serial_hex',
      'order_id',
      'enterprise_id',
      'token_serial',
      'subject_dn',
      'not_before',
      'not_after',
      'status',
      'lifecycle',
      'revoked_at',
      'revocation_reason',
      'superseded_by',
    ]);
  if (enterpriseId !== undefined) q = q.where('enterprise_id', '=', enterpriseId);
  return q.orderBy('created_at', 'desc').limit(200).execute();
}

/** A certificate with the input of the order it was made for (to start its lifecycle). */
export async function certificateWithOrderInput(
  db: Db,
  serialHex: string,
): Promise<Pick<CertificateRow, 'enterprise_id' | 'order_id' | 'not_after' | 'status'> & { orderInput: OrderInput }> {
  const row = await db
    .selectFrom('certificates')
    .innerJoin('ca_orders', 'ca_orders.id', 'certificates.order_id')
    .select([
      'certificates.enterprise_id',
      'certificates.order_id',
      'certificates.not_after',
      'certificates.status',
      'ca_orders.workflow_input',
    ])
    .where('certificates.serial_hex', '=', serialHex)
    .executeTakeFirstOrThrow();
  const { workflow_input, ...certificate } = row;
  return { ...certificate, orderInput: workflow_input as unknown as OrderInput };
}

/** What a re-issue order copies from the order a certificate was made for. */
export async function reissueSource(
  db: Db,
  orderId: string,
): Promise<Pick<OrderRow, 'service_id' | 'registration' | 'invoice' | 'shipping'>> {
  return db
    .selectFrom('ca_orders')
    .select(['service_id', 'registration', 'invoice', 'shipping'])
    .where('id', '=', orderId)
    .executeTakeFirstOrThrow();
}

/** The revoked certificates (for the CRL). */
export async function revokedCertificates(
  db: Db,
): Promise<Pick<CertificateRow, 'serial_hex' | 'revoked_at' | 'revocation_reason'>[]> {
  return db
    .selectFrom('certificates')
    .select(['serial_hex', 'revoked_at', 'revocation_reason'])
    .where('status', '=', 'revoked')
    .execute();
}

/** Which of `serials` are certificates of the enterprise. */
export async function serialsOfEnterprise(db: Db, enterpriseId: string, serials: string[]): Promise<Set<string>> {
  if (serials.length === 0) return new Set();
  const rows = await db
    .selectFrom('certificates')
    .select('serial_hex')
    .where('enterprise_id', '=', enterpriseId)
    .where('serial_hex', 'in', serials)
    .execute();
  return new Set(rows.map((row) => row.serial_hex));
}

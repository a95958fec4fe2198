/**
 * Issued certificates and UKey progress in the database, shared by the order activities (main worker)
 * and the token station: issuing is idempotent per UKey item, and a finished UKey is recorded at once
 * with its certificate marked installed.
 */
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'kysely';
import type { TokenStep } from '../contracts/certificate-order';
import { StationFailure, type CertificateSubject } from '../contracts/station';
import type { Db } from '../platform/db';
import type { CertificateAuthority } from '../integrations/ca/ca';
import { certificateSummary } from '../integrations/ca/x509';

/** One UKey of an order, as progress records it. */
export interface UKeyItem {
  orderId: string;
  itemId: string;
  stationId: string;
  tokenSerial: string;
  ukeyModel: string;
}

/** What issuing a UKey's certificate needs. */
export interface IssueForItem {
  orderId: string;
  itemId: string;
  enterpriseId: string;
  tokenSerial: string;
  /** PKCS#10 request, base64 DER. */
  csr: string;
  subject: CertificateSubject;
  validityYears: number;
}

function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

/** The certificate already issued for an item, if any. */
export async function certificateOfItem(
  db: Db,
  itemId: string,
): Promise<{ pem: string; serial_hex: string } | undefined> {
  return db.selectFrom('certificates').select(['pem', 'serial_hex']).where('item_id', '=', itemId).executeTakeFirst();
}

/**
 * Issues (once per item) and records the certificate; a repeat returns the same certificate, base64 DER.
 * `known` is the item's certificate when the caller has just looked it up.
 */
export async function issueCertificateOnce(
  db: Db,
  ca: CertificateAuthority,
  r: IssueForItem,
  known?: { pem: string; serial_hex: string } | null,
): Promise<{ certificate: string; serialHex: string }> {
  const existing = known === undefined ? await certificateOfItem(db, r.itemId) : known;
  if (existing) return { certificate: pemBody(existing.pem), serialHex: existing.serial_hex };
  let issued;
  try {
    issued = await ca.issue({
      csrDer: Buffer.from(r.csr, 'base64'),
      subject: r.subject,
      validityYears: r.validityYears,
    });
  } catch (err) {
    throw ApplicationFailure.create({
      type: StationFailure.CaRefused,
      message: `the CA refused the request: ${(err as Error).message}`,
      nonRetryable: true,
    });
  }
  const inserted = await db
    .insertInto('certificates')
    .values({
      serial_hex: issued.serialHex,
      order_id: r.orderId,
      item_id: r.itemId,
      enterprise_id: r.enterpriseId,
      token_serial: r.tokenSerial,
      subject_dn: issued.subjectDn,
      issuer_dn: issued.issuerDn,
      not_before: issued.notBefore,
      not_after: issued.notAfter,
      fingerprint_sha256: certificateSummary(issued.der).fingerprintSha256,
      pem: issued.pem,
      status: 'issued',
    })
    .onConflict((oc) => oc.column('item_id').doNothing())
    .returning(['pem', 'serial_hex'])
    .executeTakeFirst();
  // Another attempt for the same item recorded its certificate first: that one stands.
  const kept = inserted ?? (await certificateOfItem(db, r.itemId))!;
  return { certificate: pemBody(kept.pem), serialHex: kept.serial_hex };
}

/** Records where a UKey stands (a finished one is recorded by `recordUKeyDone`). */
export async function recordUKeyStep(
  db: Db,
  item: UKeyItem,
  step: TokenStep,
  error: string | null = null,
): Promise<void> {
  const values = {
    status: step === 'failed' ? ('failed' as const) : ('in_progress' as const),
    step,
    error,
    completed_at: step === 'failed' ? new Date() : null,
  };
  await db
    .insertInto('order_tokens')
    .values({
      id: item.itemId,
      order_id: item.orderId,
      token_serial: item.tokenSerial,
      station_id: item.stationId,
      ukey_model: item.ukeyModel,
      ...values,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet(values).where('order_tokens.status', '<>', 'done'))
    .execute();
}

/** Records a finished UKey and marks its certificate installed, together. */
export async function recordUKeyDone(
  db: Db,
  item: UKeyItem,
  certificateSerial: string,
  reportedModel: string,
): Promise<void> {
  await db.transaction().execute((trx) => markUKeyDone(trx, item, certificateSerial, reportedModel));
}

/** The order's UKey done and its certificate installed (inside the caller's transaction). */
async function markUKeyDone(trx: Db, item: UKeyItem, certificateSerial: string, reportedModel: string): Promise<void> {
  // (the declared model, which fits the reported one; the reported one when none was declared)
  const values = {
    status: 'done' as const,
    step: 'done',
    error: null,
    certificate_serial: certificateSerial,
    completed_at: new Date(),
    ukey_model: item.ukeyModel || reportedModel,
  };
  await trx
    .insertInto('order_tokens')
    .values({
      id: item.itemId,
      order_id: item.orderId,
      token_serial: item.tokenSerial,
      station_id: item.stationId,
      ...values,
    })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
  await trx
    .updateTable('certificates')
    .set({ status: 'installed' })
    .where('item_id', '=', item.itemId)
    .where('status', '=', 'issued')
    .execute();
}

/**
 * A renewal's switch, in one transaction: the UKey done with its new certificate installed, and the
 * certificate it renews revoked as superseded (in the CRL from now). Before it the old certificate is
 * the UKey's usable one, after it the new one; never both, never neither. Repeating it changes nothing.
 */
export async function recordRenewalDone(
  db: Db,
  item: UKeyItem,
  certificateSerial: string,
  renewsSerial: string,
  reportedModel: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await markUKeyDone(trx, item, certificateSerial, reportedModel);
    await trx
      .updateTable('certificates')
      .set({
        status: 'revoked',
        lifecycle: 'revoked',
        revoked_at: sql`coalesce(revoked_at, now())`,
        revocation_reason: 'superseded',
        superseded_by: certificateSerial,
      })
      .where('serial_hex', '=', renewsSerial)
      .where('status', 'in', ['installed', 'expired'])
      .execute();
  });
}

/** The certificate a renewal renews: its DER and where it stands. */
export async function renewedCertificate(
  db: Db,
  serialHex: string,
): Promise<{ pem: string; status: string; superseded_by: string | null } | undefined> {
  return db
    .selectFrom('certificates')
    .select(['pem', 'status', 'superseded_by'])
    .where('serial_hex', '=', serialHex)
    .executeTakeFirst();
}

/** Marks the certificate of a failed item void (it never reached a UKey). */
export async function voidCertificate(db: Db, itemId: string): Promise<void> {
  await db
    .updateTable('certificates')
    .set({ status: 'void' })
    .where('item_id', '=', itemId)
    .where('status', '=', 'issued')
    .execute();
}

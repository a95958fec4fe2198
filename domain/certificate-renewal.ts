/**
 * Certificate renewal (续期) rules: which certificate may be renewed (in use, or expired within the grace
 * period; never one revoked), and what in the enterprise record changed since it was issued (a change
 * brings back the materials review).
 */
import { fieldProblem, type FieldProblem } from './text';

const DAY = 86_400_000;

/** What the rules read of a certificate. */
export interface RenewableCertificate {
  status: 'issued' | 'installed' | 'void' | 'revoked' | 'expired';
  notAfter: Date;
}

/** Why a certificate cannot be renewed, naming the field `serial`; null when it can be. */
export function renewalRefusal(cert: RenewableCertificate, now: Date, graceDays: number): FieldProblem | null {
  if (cert.status === 'revoked')
    return fieldProblem(
      'serial',
      'revoked',
      '证书已吊销，不能续期，请重新下单办理新证书',
      'the certificate is revoked and cannot be renewed; place a new order',
    );
  if (cert.status !== 'installed' && cert.status !== 'expired')
    return fieldProblem(
      'serial',
      'not_installed',
      '证书尚未写入 UKey，不能续期',
      'the certificate is not on its UKey yet and cannot be renewed',
    );
  const graceEnds = renewalGraceEnds(cert.notAfter, graceDays);
  if (now.getTime() > graceEnds.getTime()) {
    const day = graceEnds.toISOString().slice(0, 10);
    return fieldProblem(
      'serial',
      'grace_period_over',
      `证书已过期且超过 ${graceDays} 天续期宽限期（截至 ${day}），不能续期，请重新下单办理新证书`,
      `the certificate expired more than ${graceDays} days ago (the renewal grace period ended on ${day}); place a new order`,
    );
  }
  return null;
}

/** The last moment a certificate may be renewed: its expiry plus the grace period. */
export function renewalGraceEnds(notAfter: Date, graceDays: number): Date {
  return new Date(notAfter.getTime() + graceDays * DAY);
}

/**
 * The enterprise record as a certificate's order recorded it (checked then against the approved record),
 * or as it is approved now: the certificate's subject (name, credit code) and the legal representative.
 */
export interface RecordedEnterprise {
  name: string;
  creditCode: string;
  legalRepresentativeName: string;
}

/** The fields of the enterprise record that differ now from when the certificate was ordered. */
export function changedSinceIssue(then: RecordedEnterprise, now: RecordedEnterprise): string[] {
  const fields: [keyof RecordedEnterprise, string][] = [
    ['name', 'organization.name'],
    ['creditCode', 'organization.creditCode'],
    ['legalRepresentativeName', 'legalRepresentative.name'],
  ];
  const same = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();
  return fields.filter(([key]) => !same(then[key], now[key])).map(([, field]) => field);
}

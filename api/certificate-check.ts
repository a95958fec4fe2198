/** Checking a certificate presented from a UKey: issued by this product's CA, valid now, not revoked, whose it is. */
import type { FastifyInstance } from 'fastify';
import { certificateSummary, pemToDer, type CertificateSummary } from '../integrations/ca/x509';
import { msg, type Bilingual } from '../domain/text';
import { findCertificate } from './repos/certificates';

/** Why a certificate is refused. */
export interface CertificateRefusal {
  code:
    | 'CERTIFICATE_INVALID'
    | 'FOREIGN_CERTIFICATE'
    | 'CERTIFICATE_EXPIRED'
    | 'CERTIFICATE_NOT_YET_VALID'
    | 'CERTIFICATE_REVOKED'
    | 'CERTIFICATE_VOID'
    | 'NOT_THIS_ENTERPRISE';
  message: Bilingual;
}

/** A certificate that passed the checks. */
export interface CheckedCertificate {
  der: Buffer;
  summary: CertificateSummary;
  enterpriseId: string;
}

const refuse = (code: CertificateRefusal['code'], zh: string, en: string): { refused: CertificateRefusal } => ({
  refused: { code, message: msg(zh, en) },
});

/** Reads a certificate given as base64 DER or PEM. */
export function certificateBytes(text: string): Buffer | null {
  try {
    return text.includes('-----BEGIN') ? pemToDer(text) : Buffer.from(text, 'base64');
  } catch {
    return null;
  }
}

/**
 * Checks a certificate: it chains to the product's root, is valid now, is one this product issued and
 * installed on a UKey, is not revoked, and (if given) carries the enterprise's credit code.
 */
export async function checkCertificate(
  app: FastifyInstance,
  der: Buffer,
  creditCode?: string | null,
): Promise<CheckedCertificate | { refused: CertificateRefusal }> {
  let summary: CertificateSummary;
  try {
    summary = certificateSummary(der);
  } catch {
    return refuse('CERTIFICATE_INVALID', '不是有效的 X.509 证书', 'Not a valid X.509 certificate');
  }
  const verdict = await app.ca.verify(der, new Date());
  if (!verdict.ok) {
    if (verdict.reason === 'expired')
      return refuse(
        'CERTIFICATE_EXPIRED',
        `证书已于 ${summary.notAfter.toISOString().slice(0, 10)} 过期`,
        `The certificate expired on ${summary.notAfter.toISOString().slice(0, 10)}`,
      );
    if (verdict.reason === 'not_yet_valid')
      return refuse('CERTIFICATE_NOT_YET_VALID', '证书尚未生效', 'The certificate is not valid yet');
    return refuse(
      'FOREIGN_CERTIFICATE',
      '证书不是由本平台的 CA 签发',
      'The certificate was not issued by this platform’s CA',
    );
  }
  const row = await findCertificate(app.db, summary.serialHex);
  if (!row)
    return refuse(
      'FOREIGN_CERTIFICATE',
      '证书不是本平台制作的 UKey 证书',
      'The certificate is not one this platform made',
    );
  if (row.status === 'revoked') return refuse('CERTIFICATE_REVOKED', '证书已吊销', 'The certificate is revoked');
  if (row.status === 'expired') return refuse('CERTIFICATE_EXPIRED', '证书已过期', 'The certificate has expired');
  if (row.status === 'void' || row.status === 'issued')
    return refuse('CERTIFICATE_VOID', '证书未完成制作，不能使用', 'The certificate was never completed on a UKey');
  if (creditCode && summary.creditCode !== creditCode) {
    return refuse(
      'NOT_THIS_ENTERPRISE',
      '证书不属于本企业（统一社会信用代码不符）',
      'The certificate belongs to another enterprise (credit code differs)',
    );
  }
  return { der, summary, enterpriseId: row.enterprise_id };
}

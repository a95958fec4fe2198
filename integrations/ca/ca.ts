/** The certificate authority port: what the product needs of a CA, whichever CA it is. */
import type { RevocationReason } from '../../contracts/certificate-lifecycle';

/** What a certificate is issued for: the key from a PKCS#10 request, the subject from the order. */
export interface IssueRequest {
  /** The PKCS#10 request made on the UKey (DER); only its public key is used. */
  csrDer: Buffer;
  subject: {
    organizationName: string;
    /** 统一社会信用代码 — the unified social credit code. */
    creditCode: string;
  };
  validityYears: number;
  /** Start of validity; default now, minus a minute for clock skew. */
  notBefore?: Date;
}

/** A certificate the CA issued. */
export interface IssuedCertificate {
  der: Buffer;
  pem: string;
  /** The serial number as lower-case hex of its DER integer: no sign padding, no leading zeros. */
  serialHex: string;
  subjectDn: string;
  issuerDn: string;
  notBefore: Date;
  notAfter: Date;
}

/** One revoked certificate, as a CRL lists it. */
export interface RevokedEntry {
  serialHex: string;
  revokedAt: Date;
  reason: RevocationReason;
}

/** The outcome of checking a certificate against the CA. */
export type CertificateVerdict =
  { ok: true } | { ok: false; reason: 'not_issued_by_root' | 'expired' | 'not_yet_valid' | 'bad_signature' };

/** A certificate authority that issues organisation certificates and publishes revocations. */
export interface CertificateAuthority {
  /** Issues a certificate for the request's key; rejects with `InvalidCsrError` if the request does not verify. */
  issue(req: IssueRequest): Promise<IssuedCertificate>;
  /** The root certificate, PEM. */
  rootCertificatePem(): string;
  /** An X.509 v2 CRL (DER) listing `revoked`, signed by the root. */
  crl(revoked: RevokedEntry[], opts: { thisUpdate: Date; nextUpdate: Date }): Promise<Buffer>;
  /** Whether `certDer` was issued by this CA's root and is valid at `at`; throws if it is not a certificate. */
  verify(certDer: Buffer, at: Date): Promise<CertificateVerdict>;
}

/** A certificate request the CA refuses: not PKCS#10, or its signature does not verify. */
export class InvalidCsrError extends Error {
  constructor(detail: string) {
    super(`证书请求无效 / invalid certificate request: ${detail}`);
    this.name = 'InvalidCsrError';
  }
}

/** X.509 helpers: @peculiar/x509 set up on Node's WebCrypto, PEM and DER, and what a certificate says. */
import 'reflect-metadata';
import { createHash, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

/** @peculiar/x509, with Node's WebCrypto as its crypto provider. */
export { x509 };

/** OID of organizationIdentifier (X.520), which carries the unified social credit code (统一社会信用代码). */
export const ORGANIZATION_IDENTIFIER = '2.5.4.97';

/** What a certificate says, as the product records it. */
export interface CertificateSummary {
  subjectDn: string;
  issuerDn: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  organizationName: string | null;
  creditCode: string | null;
  /** SHA-256 of the DER, lower-case hex. */
  fingerprintSha256: string;
}

/** Reads the summary of a DER certificate. */
export function certificateSummary(der: Buffer): CertificateSummary {
  const cert = new x509.X509Certificate(der);
  return {
    subjectDn: distinguishedName(cert.subjectName),
    issuerDn: distinguishedName(cert.issuerName),
    serialHex: cert.serialNumber.toLowerCase(),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    organizationName: cert.subjectName.getField('O')[0] ?? null,
    creditCode: cert.subjectName.getField(ORGANIZATION_IDENTIFIER)[0] ?? null,
    fingerprintSha256: createHash('sha256').update(der).digest('hex'),
  };
}

/** A name as text in the certificate's order (`C=CN, O=…, CN=…, organizationIdentifier=…`). */
function distinguishedName(name: x509.Name): string {
  return new x509.Name(name.toArrayBuffer(), { organizationIdentifier: ORGANIZATION_IDENTIFIER }).toString();
}

/** The DER inside the first PEM block labelled `label`. */
export function pemToDer(pem: string, label = 'CERTIFICATE'): Buffer {
  const block = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*)-----END ${label}-----`).exec(pem);
  if (!block) throw new Error(`no PEM block "${label}" found`);
  return Buffer.from(block[1].replace(/\s+/g, ''), 'base64');
}

/** DER as a PEM block labelled `label`, 64 characters a line. */
export function derToPem(der: Buffer, label = 'CERTIFICATE'): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * The built-in CA: a root key and self-signed root certificate, kept in a folder or given by
 * configuration, that issues the organisation certificates put on UKeys and signs the CRL.
 */
import { createPrivateKey, createPublicKey, randomBytes, webcrypto, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CRLNumber, id_ce_cRLNumber } from '@peculiar/asn1-x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  InvalidCsrError,
  type CertificateAuthority,
  type CertificateVerdict,
  type IssueRequest,
  type IssuedCertificate,
  type RevokedEntry,
} from './ca';
import { certificateSummary, derToPem, ORGANIZATION_IDENTIFIER, x509 } from './x509';
import { createFolderOnce } from '../../platform/create-once';

/**
 * The root key is ECDSA P-256: as strong as RSA-3072 (128-bit security), generated at once on first
 * start and in tests, small signatures on every certificate and CRL, and verified by OpenSSL,
 * WebCrypto, Windows and Java alike. A root given by configuration may also be RSA or P-384.
 */
const ROOT_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ROOT_YEARS = 20;
const DEFAULT_NAME = 'CA Onboarding BPM Root CA';
const CLOCK_SKEW_MS = 60_000;

/** How a CA key is imported into WebCrypto and what it signs with. */
interface KeyAlgorithms {
  importAs: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams;
  signWith: webcrypto.Algorithm | webcrypto.EcdsaParams;
}

/** The CA that ships with the product (development, tests, and installations without an outside CA). */
export class BuiltinCa implements CertificateAuthority {
  private constructor(
    private readonly root: x509.X509Certificate,
    private readonly signingKey: webcrypto.CryptoKey,
    private readonly signWith: webcrypto.Algorithm | webcrypto.EcdsaParams,
    private readonly rootKeyId: string,
    private readonly crlUrl: string | undefined,
  ) {}

  /**
   * Opens the CA kept in `dir` (`root.key`, PKCS#8 PEM, mode 0600, and `root.pem`), creating both on
   * first use with `name` as the root's O and CN; later opens reuse them and ignore `name`.
   */
  static async open(opts: { dir: string; crlUrl?: string; name?: string }): Promise<BuiltinCa> {
    const keyPath = path.join(opts.dir, 'root.key');
    const certPath = path.join(opts.dir, 'root.pem');
    const [keyPem, certPem] = await Promise.all([readIfPresent(keyPath), readIfPresent(certPath)]);
    if (keyPem !== null && certPem !== null) return BuiltinCa.fromPem({ keyPem, certPem, crlUrl: opts.crlUrl });
    if (keyPem !== null || certPem !== null)
      throw new Error(`${opts.dir} holds only one of root.key and root.pem: restore the other or remove both`);
    const created = await createRoot(opts.name ?? DEFAULT_NAME);
    // Several processes may start together on a fresh folder: the first one's root is everyone's.
    createFolderOnce(opts.dir, {
      'root.key': { data: created.keyPem, mode: 0o600 },
      'root.pem': { data: created.certPem },
    });
    return BuiltinCa.fromPem({
      keyPem: await fs.readFile(keyPath, 'utf8'),
      certPem: await fs.readFile(certPath, 'utf8'),
      crlUrl: opts.crlUrl,
    });
  }

  /** A CA from a root key (PEM: PKCS#8, PKCS#1 or SEC1) and its certificate, as configuration gives them. */
  static async fromPem(opts: { keyPem: string; certPem: string; crlUrl?: string }): Promise<BuiltinCa> {
    const root = new x509.X509Certificate(opts.certPem);
    const key = createPrivateKey(opts.keyPem);
    if (!createPublicKey(key).export({ type: 'spki', format: 'der' }).equals(Buffer.from(root.publicKey.rawData))) {
      throw new Error('the CA key does not belong to the CA certificate');
    }
    const { importAs, signWith } = keyAlgorithms(key);
    const signingKey = await webcrypto.subtle.importKey(
      'pkcs8',
      key.export({ type: 'pkcs8', format: 'der' }),
      importAs,
      false,
      ['sign'],
    );
    const ski =
      root.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId ??
      Buffer.from(await root.publicKey.getKeyIdentifier()).toString('hex');
    return new BuiltinCa(root, signingKey, signWith, ski, opts.crlUrl);
  }

  async issue(req: IssueRequest): Promise<IssuedCertificate> {
    const csr = await verifiedCsr(req.csrDer);
    if (!Number.isInteger(req.validityYears) || req.validityYears < 1)
      throw new RangeError(`validityYears must be a whole number of years, got ${req.validityYears}`);
    const notBefore = wholeSeconds(req.notBefore ?? new Date(Date.now() - CLOCK_SKEW_MS));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: newSerial(),
      subject: subjectName(req.subject),
      issuer: this.root.subjectName,
      notBefore,
      notAfter: addYears(notBefore, req.validityYears),
      publicKey: csr.publicKey,
      signingKey: this.signingKey,
      signingAlgorithm: this.signWith,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth, x509.ExtendedKeyUsage.emailProtection]),
        await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
        new x509.AuthorityKeyIdentifierExtension(this.rootKeyId),
        ...(this.crlUrl ? [new x509.CRLDistributionPointsExtension([this.crlUrl])] : []),
      ],
    });
    const der = Buffer.from(cert.rawData);
    const s = certificateSummary(der);
    return {
      der,
      pem: derToPem(der),
      serialHex: s.serialHex,
      subjectDn: s.subjectDn,
      issuerDn: s.issuerDn,
      notBefore: s.notBefore,
      notAfter: s.notAfter,
    };
  }

  rootCertificatePem(): string {
    return derToPem(Buffer.from(this.root.rawData));
  }

  /** The CRL carries the root's key identifier and a CRL number of `thisUpdate` in seconds; an unspecified reason is left out (RFC 5280). */
  async crl(revoked: RevokedEntry[], opts: { thisUpdate: Date; nextUpdate: Date }): Promise<Buffer> {
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.root.subjectName,
      thisUpdate: opts.thisUpdate,
      nextUpdate: opts.nextUpdate,
      signingKey: this.signingKey,
      signingAlgorithm: this.signWith,
      extensions: [
        new x509.AuthorityKeyIdentifierExtension(this.rootKeyId),
        new x509.Extension(
          id_ce_cRLNumber,
          false,
          AsnConvert.serialize(new CRLNumber(Math.floor(opts.thisUpdate.getTime() / 1000))),
        ),
      ],
      entries: revoked.map((r) => ({
        serialNumber: r.serialHex,
        revocationDate: r.revokedAt,
        reason: x509.X509CrlReason[r.reason],
      })),
    });
    return Buffer.from(crl.rawData);
  }

  async verify(certDer: Buffer, at: Date): Promise<CertificateVerdict> {
    const cert = new x509.X509Certificate(certDer);
    const sameIssuer = Buffer.from(cert.issuerName.toArrayBuffer()).equals(
      Buffer.from(this.root.subjectName.toArrayBuffer()),
    );
    const keyId = cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId;
    if (!sameIssuer || (keyId !== undefined && keyId !== this.rootKeyId))
      return { ok: false, reason: 'not_issued_by_root' };
    const signed = await cert.verify({ publicKey: this.root.publicKey, signatureOnly: true }).catch(() => false);
    if (!signed) return { ok: false, reason: 'bad_signature' };
    if (at < cert.notBefore) return { ok: false, reason: 'not_yet_valid' };
    if (at > cert.notAfter) return { ok: false, reason: 'expired' };
    return { ok: true };
  }
}

/** Creates a root key pair and its self-signed certificate, both PEM. */
async function createRoot(name: string): Promise<{ keyPem: string; certPem: string }> {
  const keys = await webcrypto.subtle.generateKey(ROOT_KEY, true, ['sign', 'verify']);
  const notBefore = wholeSeconds(new Date(Date.now() - CLOCK_SKEW_MS));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: new x509.Name([
      { C: [{ printableString: 'CN' }] },
      { O: [{ utf8String: name }] },
      { CN: [{ utf8String: name }] },
    ]),
    notBefore,
    notAfter: addYears(notBefore, ROOT_YEARS),
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { keyPem: derToPem(pkcs8, 'PRIVATE KEY'), certPem: derToPem(Buffer.from(cert.rawData)) };
}

/** The subject of an organisation certificate: C=CN, O and CN the organisation, organizationIdentifier its credit code. */
function subjectName(subject: IssueRequest['subject']): x509.Name {
  return new x509.Name([
    { C: [{ printableString: 'CN' }] },
    { O: [{ utf8String: subject.organizationName }] },
    { CN: [{ utf8String: subject.organizationName }] },
    { [ORGANIZATION_IDENTIFIER]: [{ utf8String: subject.creditCode }] },
  ]);
}

/** The request, parsed, once its signature verifies with its own key. */
async function verifiedCsr(der: Buffer): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(der);
  } catch {
    throw new InvalidCsrError('not a PKCS#10 request');
  }
  if (!(await csr.verify().catch(() => false))) throw new InvalidCsrError('its signature does not verify');
  return csr;
}

/** 16 random bytes, the first in 0x01–0x7f: a positive DER integer of exactly 16 bytes (32 hex digits). */
function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0] & 0x7f || 0x01;
  return bytes.toString('hex');
}

function keyAlgorithms(key: KeyObject): KeyAlgorithms {
  if (key.asymmetricKeyType === 'rsa') {
    const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { importAs: rsa, signWith: rsa };
  }
  const curve = { prime256v1: 'P-256', secp384r1: 'P-384' }[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (key.asymmetricKeyType === 'ec' && curve) {
    return {
      importAs: { name: 'ECDSA', namedCurve: curve },
      signWith: { name: 'ECDSA', hash: curve === 'P-384' ? 'SHA-384' : 'SHA-256' },
    };
  }
  throw new Error(
    `the CA key must be RSA or ECDSA P-256/P-384, not ${key.asymmetricKeyType} ${key.asymmetricKeyDetails?.namedCurve ?? ''}`.trim(),
  );
}

/** X.509 keeps whole seconds. */
function wholeSeconds(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function addYears(d: Date, years: number): Date {
  const later = new Date(d);
  later.setUTCFullYear(later.getUTCFullYear() + years);
  return later;
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

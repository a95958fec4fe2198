/** The built-in CA with real crypto: issuing from a UKey-style CSR, checked by OpenSSL; reloading; verifying; the CRL. */
import { execFile } from 'node:child_process';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Name as AsnName } from '@peculiar/asn1-x509';
import { BuiltinCa } from '../../integrations/ca/builtin-ca';
import { InvalidCsrError, type IssueRequest } from '../../integrations/ca/ca';
import { certificateSummary, derToPem, pemToDer, x509 } from '../../integrations/ca/x509';

const run = promisify(execFile);
const subject = { organizationName: '金华市五洲建设工程有限公司', creditCode: '913307037757272995' };
const CRL_URL = 'http://localhost:3000/api/v1/ca/crl';

let tmp: string;
let ca: BuiltinCa;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'ca-test-'));
  ca = await BuiltinCa.open({ dir: path.join(tmp, 'ca'), crlUrl: CRL_URL });
});

afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A PKCS#10 request as a UKey makes one: an RSA-2048 key pair (node:crypto) signing a request with a subject of its own. */
async function ukeyCsr(): Promise<{ der: Buffer; publicKeyDer: Buffer }> {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey(
      'pkcs8',
      pair.privateKey.export({ type: 'pkcs8', format: 'der' }),
      alg,
      true,
      ['sign'],
    ),
    publicKey: await webcrypto.subtle.importKey(
      'spki',
      pair.publicKey.export({ type: 'spki', format: 'der' }),
      alg,
      true,
      ['verify'],
    ),
  };
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: 'CN=Whatever The Token Says',
    keys,
    signingAlgorithm: alg,
  });
  return { der: Buffer.from(csr.rawData), publicKeyDer: pair.publicKey.export({ type: 'spki', format: 'der' }) };
}

async function issue(overrides: Partial<IssueRequest> = {}, by: BuiltinCa = ca) {
  const csr = await ukeyCsr();
  return { csr, issued: await by.issue({ csrDer: csr.der, subject, validityYears: 2, ...overrides }) };
}

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(tmp, name);
  await fs.writeFile(file, content);
  return file;
}

test('openssl verify accepts an issued certificate against the root', async () => {
  const { issued } = await issue();
  const rootFile = await writeTemp('root.pem', ca.rootCertificatePem());
  const certFile = await writeTemp('cert.pem', issued.pem);
  const { stdout } = await run('openssl', ['verify', '-CAfile', rootFile, certFile]);
  expect(stdout.trim()).toBe(`${certFile}: OK`);
});

test('the subject comes from the request (C=CN, Chinese name in UTF8String, credit code) and only the key from the CSR', async () => {
  const { csr, issued } = await issue();
  const cert = new x509.X509Certificate(issued.der);
  expect(issued.subjectDn).toBe(
    `C=CN, O=${subject.organizationName}, CN=${subject.organizationName}, organizationIdentifier=${subject.creditCode}`,
  );
  expect(cert.subject).not.toContain('Whatever');
  expect(Buffer.from(cert.publicKey.rawData).equals(csr.publicKeyDer)).toBe(true);

  const rdns = AsnConvert.parse(cert.subjectName.toArrayBuffer(), AsnName).map((rdn) => rdn[0]);
  expect(rdns.map((a) => a.type)).toEqual(['2.5.4.6', '2.5.4.10', '2.5.4.3', '2.5.4.97']);
  expect(rdns[0].value.printableString).toBe('CN');
  expect(rdns.slice(1).map((a) => a.value.utf8String)).toEqual([
    subject.organizationName,
    subject.organizationName,
    subject.creditCode,
  ]);

  const summary = certificateSummary(issued.der);
  expect(summary).toMatchObject({
    organizationName: subject.organizationName,
    creditCode: subject.creditCode,
    serialHex: issued.serialHex,
    issuerDn: issued.issuerDn,
  });
  const { stdout } = await run('openssl', [
    'x509',
    '-in',
    await writeTemp('fp.pem', issued.pem),
    '-noout',
    '-fingerprint',
    '-sha256',
  ]);
  expect(stdout.trim().split('=')[1].replaceAll(':', '').toLowerCase()).toBe(summary.fingerprintSha256);
});

test('validity runs validityYears from notBefore, which defaults to a minute before now', async () => {
  const { issued } = await issue({ notBefore: new Date('2026-01-15T08:30:00Z'), validityYears: 3 });
  expect(issued.notBefore.toISOString()).toBe('2026-01-15T08:30:00.000Z');
  expect(issued.notAfter.toISOString()).toBe('2029-01-15T08:30:00.000Z');

  const csr = await ukeyCsr();
  const before = Date.now();
  const defaulted = await ca.issue({ csrDer: csr.der, subject, validityYears: 1 });
  const after = Date.now();
  expect(defaulted.notBefore.getTime()).toBeGreaterThanOrEqual(before - 61_000);
  expect(defaulted.notBefore.getTime()).toBeLessThanOrEqual(after - 60_000);
  const yearLater = new Date(defaulted.notBefore);
  yearLater.setUTCFullYear(yearLater.getUTCFullYear() + 1);
  expect(defaulted.notAfter).toEqual(yearLater);
});

test('the extensions make an end-entity signing and client-authentication certificate with key IDs and the CRL address', async () => {
  const { issued } = await issue();
  const cert = new x509.X509Certificate(issued.der);
  const root = new x509.X509Certificate(ca.rootCertificatePem());

  const basic = cert.getExtension(x509.BasicConstraintsExtension)!;
  expect([basic.ca, basic.critical]).toEqual([false, true]);
  const usage = cert.getExtension(x509.KeyUsagesExtension)!;
  expect([usage.usages, usage.critical]).toEqual([
    x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    true,
  ]);
  expect(cert.getExtension(x509.ExtendedKeyUsageExtension)!.usages).toEqual(['1.3.6.1.5.5.7.3.2', '1.3.6.1.5.5.7.3.4']);
  expect(cert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId).toBe(
    Buffer.from(await cert.publicKey.getKeyIdentifier()).toString('hex'),
  );
  expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)!.keyId).toBe(
    root.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId,
  );
  const crlDp = cert.getExtension(x509.CRLDistributionPointsExtension)!;
  expect(crlDp.distributionPoints[0].distributionPoint!.fullName![0].uniformResourceIdentifier).toBe(CRL_URL);

  const { stdout } = await run('openssl', ['x509', '-in', await writeTemp('ext.pem', issued.pem), '-noout', '-text']);
  expect(stdout).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
  expect(stdout).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
  expect(stdout).toMatch(/Extended Key Usage:\s+TLS Web Client Authentication, E-mail Protection/);
});

test('the root is a 20-year CA certificate restricted to signing certificates and CRLs', () => {
  const root = new x509.X509Certificate(ca.rootCertificatePem());
  const basic = root.getExtension(x509.BasicConstraintsExtension)!;
  expect([basic.ca, basic.pathLength, basic.critical]).toEqual([true, 0, true]);
  const usage = root.getExtension(x509.KeyUsagesExtension)!;
  expect([usage.usages, usage.critical]).toEqual([x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true]);
  expect(root.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
  expect(root.notAfter.getUTCFullYear() - root.notBefore.getUTCFullYear()).toBe(20);
});

test('serials are positive, 16 random bytes, and differ between two issues', async () => {
  const [a, b] = [(await issue()).issued, (await issue()).issued];
  expect(a.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
  expect(b.serialHex).toMatch(/^[0-7][0-9a-f]{31}$/);
  expect(a.serialHex).not.toBe(b.serialHex);
  const { stdout } = await run('openssl', ['x509', '-in', await writeTemp('serial.pem', a.pem), '-noout', '-serial']);
  expect(stdout.trim()).toBe(`serial=${a.serialHex.toUpperCase()}`);
});

test('a CSR whose signature is broken, or that is no CSR, is refused with InvalidCsrError', async () => {
  const { der } = await ukeyCsr();
  const broken = Buffer.from(der);
  broken[broken.length - 10] ^= 0xff;
  await expect(ca.issue({ csrDer: broken, subject, validityYears: 2 })).rejects.toThrow(InvalidCsrError);
  await expect(ca.issue({ csrDer: broken, subject, validityYears: 2 })).rejects.toThrow(/signature does not verify/);
  await expect(ca.issue({ csrDer: Buffer.from('not a request'), subject, validityYears: 2 })).rejects.toThrow(
    InvalidCsrError,
  );
});

test('the CA reloads the same root from its folder, whose key only its owner may read', async () => {
  const dir = path.join(tmp, 'ca');
  const again = await BuiltinCa.open({ dir, crlUrl: CRL_URL, name: 'ignored once the root exists' });
  expect(again.rootCertificatePem()).toBe(ca.rootCertificatePem());
  expect(await fs.readFile(path.join(dir, 'root.pem'), 'utf8')).toBe(ca.rootCertificatePem());
  expect((await fs.stat(path.join(dir, 'root.key'))).mode & 0o777).toBe(0o600);
  expect(await fs.readFile(path.join(dir, 'root.key'), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  const { issued } = await issue({}, again);
  expect(await ca.verify(issued.der, new Date())).toEqual({ ok: true });
});

test('a CA given by configuration PEMs (an RSA root made by openssl) issues under that root; a key of another root is refused', async () => {
  const keyFile = path.join(tmp, 'configured.key');
  const certFile = path.join(tmp, 'configured.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '3650',
    '-subj',
    '/C=CN/O=Configured Root/CN=Configured Root',
    '-addext',
    'basicConstraints=critical,CA:TRUE,pathlen:0',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const configured = await BuiltinCa.fromPem({
    keyPem: await fs.readFile(keyFile, 'utf8'),
    certPem: await fs.readFile(certFile, 'utf8'),
    crlUrl: CRL_URL,
  });
  const { issued } = await issue({}, configured);
  expect(issued.issuerDn).toBe('C=CN, O=Configured Root, CN=Configured Root');
  const { stdout } = await run('openssl', [
    'verify',
    '-CAfile',
    certFile,
    await writeTemp('configured-leaf.pem', issued.pem),
  ]);
  expect(stdout.trim()).toMatch(/: OK$/);
  expect(await configured.verify(issued.der, new Date())).toEqual({ ok: true });

  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs1',
    format: 'pem',
  }) as string;
  await expect(BuiltinCa.fromPem({ keyPem: otherKey, certPem: ca.rootCertificatePem() })).rejects.toThrow(
    /does not belong/,
  );
});

test('verify accepts its own certificate while valid and says why it refuses the others', async () => {
  const { issued } = await issue({ notBefore: new Date('2026-01-01T00:00:00Z'), validityYears: 2 });
  const during = new Date('2027-01-01T00:00:00Z');
  expect(await ca.verify(issued.der, during)).toEqual({ ok: true });
  expect(await ca.verify(issued.der, new Date('2028-01-01T00:00:01Z'))).toEqual({ ok: false, reason: 'expired' });
  expect(await ca.verify(issued.der, new Date('2025-12-31T23:59:59Z'))).toEqual({ ok: false, reason: 'not_yet_valid' });

  const other = await BuiltinCa.open({ dir: path.join(tmp, 'other-ca') });
  const { issued: foreign } = await issue({ notBefore: new Date('2026-01-01T00:00:00Z') }, other);
  expect(await ca.verify(foreign.der, during)).toEqual({ ok: false, reason: 'not_issued_by_root' });

  const forged = Buffer.from(issued.der);
  forged[forged.length - 5] ^= 0x01;
  expect(await ca.verify(forged, during)).toEqual({ ok: false, reason: 'bad_signature' });
});

test('the CRL is signed by the root (openssl) and lists revoked serials with dates and reasons', async () => {
  const [a, b] = [(await issue()).issued, (await issue()).issued];
  const thisUpdate = new Date('2026-03-01T00:00:00Z');
  const nextUpdate = new Date('2026-03-08T00:00:00Z');
  const der = await ca.crl(
    [
      { serialHex: a.serialHex, revokedAt: new Date('2026-02-27T10:00:00Z'), reason: 'keyCompromise' },
      { serialHex: b.serialHex, revokedAt: new Date('2026-02-28T10:00:00Z'), reason: 'superseded' },
    ],
    { thisUpdate, nextUpdate },
  );

  const rootFile = await writeTemp('crl-root.pem', ca.rootCertificatePem());
  const { stderr } = await run('openssl', [
    'crl',
    '-inform',
    'DER',
    '-in',
    await writeTemp('list.crl', der),
    '-CAfile',
    rootFile,
    '-noout',
  ]);
  expect(stderr).toContain('verify OK');

  const crl = new x509.X509Crl(der);
  expect(crl.thisUpdate).toEqual(thisUpdate);
  expect(crl.nextUpdate).toEqual(nextUpdate);
  expect(await crl.verify({ publicKey: new x509.X509Certificate(ca.rootCertificatePem()) })).toBe(true);
  expect(crl.findRevoked(a.serialHex)).toMatchObject({
    reason: x509.X509CrlReason.keyCompromise,
    revocationDate: new Date('2026-02-27T10:00:00Z'),
  });
  expect(crl.findRevoked(b.serialHex)?.reason).toBe(x509.X509CrlReason.superseded);
  expect(crl.entries).toHaveLength(2);
});

test('pemToDer and derToPem round-trip a certificate', async () => {
  const { issued } = await issue();
  expect(pemToDer(issued.pem).equals(issued.der)).toBe(true);
  expect(derToPem(pemToDer(issued.pem))).toBe(issued.pem);
  expect(() => pemToDer(issued.pem, 'PRIVATE KEY')).toThrow(/PRIVATE KEY/);
});

/** PKCS#10 certificate requests whose signature is made elsewhere (on the UKey), through a callback. */
import { CertificationRequest, CertificationRequestInfo } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import {
  AlgorithmIdentifier,
  AttributeTypeAndValue,
  AttributeValue,
  Name,
  RelativeDistinguishedName,
  SubjectPublicKeyInfo,
} from '@peculiar/asn1-x509';

/** The subject of a request. */
export interface CsrSubject {
  country?: 'CN';
  organizationName: string;
  /** 统一社会信用代码 — the unified social credit code, as organizationIdentifier (2.5.4.97). */
  organizationIdentifier?: string;
  commonName: string;
}

/** sha256WithRSAEncryption. */
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const OID = {
  country: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationIdentifier: '2.5.4.97',
  commonName: '2.5.4.3',
};
/** DER NULL: the parameters of an RSA signature algorithm. */
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

function rdn(type: string, value: AttributeValue): RelativeDistinguishedName {
  return new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
}

/** The subject as a Name: C (PrintableString, as X.520 requires), then O, organizationIdentifier, CN as UTF8String. */
function subjectName(subject: CsrSubject): Name {
  const utf8 = (type: string, value: string | undefined) =>
    value === undefined ? [] : [rdn(type, new AttributeValue({ utf8String: value }))];
  return new Name([
    ...(subject.country ? [rdn(OID.country, new AttributeValue({ printableString: subject.country }))] : []),
    ...utf8(OID.organizationName, subject.organizationName),
    ...utf8(OID.organizationIdentifier, subject.organizationIdentifier),
    ...utf8(OID.commonName, subject.commonName),
  ]);
}

/** Builds a DER PKCS#10 request for `spki`, signed (sha256WithRSAEncryption) by `sign` over the request info. */
export async function buildCsr(input: {
  subject: CsrSubject;
  spki: Buffer;
  sign: (tbs: Buffer) => Promise<Buffer>;
}): Promise<Buffer> {
  const info = new CertificationRequestInfo({
    subject: subjectName(input.subject),
    subjectPKInfo: AsnConvert.parse(input.spki, SubjectPublicKeyInfo),
  });
  const signature = await input.sign(Buffer.from(AsnConvert.serialize(info)));
  const request = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: DER_NULL }),
    signature: new Uint8Array(signature).buffer,
  });
  return Buffer.from(AsnConvert.serialize(request));
}

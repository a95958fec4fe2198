/**
 * Renewing a UKey at the token station (续期), step by step on the same token, each step resuming what an
 * earlier attempt left after a crash:
 *
 *   setting_pin        the security officer sets the order's initial PIN (the holder's PIN is never asked for)
 *   generating_key     a new key pair beside the old one, under the renewal's own CKA_ID (or the one left)
 *   issuing_certificate  the request signed on the token, the certificate issued once per item
 *   writing_certificate  written next to the new key
 *   verifying          a signature by the new key checks against the new certificate
 *   superseding        one database step: the new certificate installed, the old one revoked as superseded
 *   removing_old       the old key pair and certificate leave the token
 *
 * Until `superseding` the old certificate is the token's usable one (installed, its key beside it); from it
 * the new one is, and the old one is revoked even while still on the token. So a crash at any point
 * leaves exactly one usable certificate on the UKey.
 */
import { createVerify, randomBytes, X509Certificate } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { StationFailure, type RenewUKeyInput } from '../contracts/station';
import { ukeyModelFits } from '../domain/certificate-order';
import type { CertificateAuthority } from '../integrations/ca/ca';
import { pemToDer } from '../integrations/ca/x509';
import { buildCsr } from '../integrations/token/csr';
import type { Pkcs11Module, TokenSession } from '../integrations/token/pkcs11';
import type { Db } from '../platform/db';
import type { SecretStore } from '../platform/secret-store';
import { certificateOfItem, issueCertificateOnce, recordRenewalDone, renewedCertificate } from './ukey-records';

/** The steps of a renewal on the token, in order. */
export type RenewalStep =
  | 'setting_pin'
  | 'generating_key'
  | 'issuing_certificate'
  | 'writing_certificate'
  | 'verifying'
  | 'superseding'
  | 'removing_old';

/** What renewing on a token needs. */
export interface RenewalDeps {
  module: Pkcs11Module;
  secrets: Pick<SecretStore, 'read'>;
  /** The tokens' security-officer PIN; null: this station renews nothing. */
  soPin: string | null;
  db: Db;
  ca: CertificateAuthority;
}

function refused(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Signs a fresh challenge with the key on the token and checks it against the certificate's public key. */
async function verifyOnToken(s: TokenSession, id: Buffer, der: Buffer): Promise<void> {
  const challenge = randomBytes(32);
  const signature = await s.sign(id, challenge);
  const verifier = createVerify('sha256');
  verifier.update(challenge);
  if (!verifier.verify(new X509Certificate(der).publicKey, signature))
    throw new Error(`the certificate written for CKA_ID ${id.toString('hex')} does not match its key on the token`);
}

/**
 * Renews the UKey `m.tokenSerial`: `at` is told each step as it starts. Answers the certificate now in use
 * (this item's, or the one an earlier attempt of the same renewal already switched to).
 */
export async function renewOnToken(
  { module, secrets, soPin, db, ca }: RenewalDeps,
  m: RenewUKeyInput,
  at: (step: RenewalStep) => Promise<void>,
): Promise<{ serialHex: string; der: Buffer; model: string }> {
  const newId = Buffer.from(m.keyId, 'hex');
  const renewed = await renewedCertificate(db, m.renewsSerial);
  if (!renewed) throw refused(StationFailure.NotRenewable, `there is no certificate ${m.renewsSerial}`);
  const oldDer = pemToDer(renewed.pem);
  const switchedTo = renewed.superseded_by;
  if (!switchedTo && renewed.status !== 'installed' && renewed.status !== 'expired')
    throw refused(StationFailure.NotRenewable, `certificate ${m.renewsSerial} is ${renewed.status}`);

  // Before any login: the token is of the declared model and holds the certificate renewed.
  const { model } = module.inspect(m.tokenSerial);
  if (!ukeyModelFits(m.ukeyModel, model))
    throw ApplicationFailure.create({
      type: StationFailure.UkeyModelMismatch,
      message: `token ${m.tokenSerial} reports model "${model}", not "${m.ukeyModel}"`,
      details: [{ reported: model, declared: m.ukeyModel }],
      nonRetryable: true,
    });
  if (!switchedTo && !module.publicCertificates(m.tokenSerial).some((c) => c.der.equals(oldDer)))
    throw refused(
      StationFailure.NotRenewable,
      `token ${m.tokenSerial} does not hold certificate ${m.renewsSerial}: renew it on its own UKey`,
    );
  if (!soPin) throw refused(StationFailure.SoPinUnavailable, 'this station has no SO PIN configured (TOKEN_SO_PIN)');
  const pin = await secrets.read(m.initialPin, `order-pin:${m.orderId}`);
  if (pin === null) throw refused(StationFailure.PinUnavailable, 'the initial PIN of the order is no longer available');

  await at('setting_pin');
  // (again after a crash: the same PIN; no PIN is ever guessed, so no attempt counts against the token)
  module.unlockUserPin(m.tokenSerial, soPin, pin);
  const [earlier] = await Promise.all([certificateOfItem(db, m.itemId), at('generating_key')]);

  return module.withSession(m.tokenSerial, pin, async (s) => {
    let inUse: { serialHex: string; der: Buffer };
    if (switchedTo) {
      const current = (await renewedCertificate(db, switchedTo))!;
      inUse = { serialHex: switchedTo, der: pemToDer(current.pem) };
    } else {
      const oldId = s.certificates().find((c) => c.der.equals(oldDer))!.id;
      const ours = (id: Buffer) => id.equals(oldId) || id.equals(newId);
      if (s.keys().some((k) => !ours(k.id)) || s.certificates().some((c) => !ours(c.id)))
        throw refused(StationFailure.NotRenewable, `token ${m.tokenSerial} holds keys or certificates of another UKey`);
      // A certificate beside the new key that is not this item's (a failed attempt's, void): start the key afresh.
      const left = s.certificates().find((c) => c.id.equals(newId));
      if (left && !(earlier && left.der.equals(pemToDer(earlier.pem)))) s.destroyObjects(newId);
      const hasPrivate = s.keys().some((k) => k.class === 'private' && k.id.equals(newId));
      const spki = hasPrivate ? s.publicKeySpki(newId) : null;
      if (!spki) s.destroyObjects(newId);
      const publicKey = spki ?? (await s.generateRsaKeyPair(newId, `UKey ${m.subject.organizationName}`)).spki;
      const csr = await buildCsr({
        subject: {
          country: 'CN',
          organizationName: m.subject.organizationName,
          commonName: m.subject.organizationName,
          organizationIdentifier: m.subject.creditCode,
        },
        spki: publicKey,
        sign: (tbs) => s.sign(newId, tbs),
      });
      await at('issuing_certificate');
      const cert = await issueCertificateOnce(db, ca, { ...m, csr: csr.toString('base64') }, earlier ?? null);
      const der = Buffer.from(cert.certificate, 'base64');
      await at('writing_certificate');
      s.writeCertificate(newId, 'UKey certificate', der);
      await at('verifying');
      await verifyOnToken(s, newId, der);
      await at('superseding');
      await recordRenewalDone(db, m, cert.serialHex, m.renewsSerial, model);
      inUse = { serialHex: cert.serialHex, der };
    }
    await at('removing_old');
    // Everything but the certificate in use and its key leaves the token (the old pair, revoked already).
    const inUseId = s.certificates().find((c) => c.der.equals(inUse.der))?.id ?? newId;
    for (const o of [...s.certificates(), ...s.keys()]) if (!o.id.equals(inUseId)) s.destroyObjects(o.id);
    return { ...inUse, model };
  });
}

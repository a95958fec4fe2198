/**
 * The token station's activities: what is in the readers, and making a UKey — key pair and request on
 * the token, certificate from the CA, written next to the key, PIN set, recorded. One activity per UKey
 * (few round trips through Temporal); each step inside resumes after a crash. Token errors that retries
 * would only make worse (wrong or locked PIN, missing or used token) fail at once. Every login here
 * counts against the token's wrong-PIN limit (integrations/token/pkcs11.ts), as a UKey's own counter does.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import {
  StationFailure,
  type MakeUKeyInput,
  type StationActivities,
  type UkeyModelMismatchDetails,
} from '../contracts/station';
import type { Db } from '../platform/db';
import type { SecretStore } from '../platform/secret-store';
import type { CertificateAuthority } from '../integrations/ca/ca';
import { certificateSummary, pemToDer } from '../integrations/ca/x509';
import { renewOnToken, type RenewalStep } from './ukey-renewal';
import {
  certificateOfItem,
  issueCertificateOnce,
  recordUKeyDone,
  recordUKeyStep,
  voidCertificate,
} from './ukey-records';
import { ukeyModelFits } from '../domain/certificate-order';
import { buildCsr } from '../integrations/token/csr';
import type { TokenLocks } from '../integrations/token/locks';
import { PinIncorrectError, TokenError, type Pkcs11Module, type TokenSession } from '../integrations/token/pkcs11';

/** What a station needs. */
export interface StationDeps {
  module: Pkcs11Module;
  secrets: Pick<SecretStore, 'read'>;
  /** User PIN of blank tokens as they leave the factory. */
  factoryPin: string;
  /** The tokens' security-officer PIN (renewals); null: this station renews nothing. */
  soPin: string | null;
  locks: TokenLocks;
  db: Db;
  ca: CertificateAuthority;
}

/** Turns token errors into non-retryable failures carrying their code. */
async function hardware<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TokenError)
      throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
    throw err;
  }
}

/** Heartbeats (with the current step as detail) every few seconds while `fn` runs. */
async function heartbeating<T>(fn: (step: (name: string) => void) => Promise<T>): Promise<T> {
  const ctx = Context.current();
  let current = 'starting';
  ctx.heartbeat(current);
  const timer = setInterval(() => ctx.heartbeat(current), 3000);
  try {
    return await fn((name) => {
      current = name;
      ctx.heartbeat(name);
    });
  } finally {
    clearInterval(timer);
  }
}

/** The result of `work`, once `record` has finished too (the first failure of either is thrown). */
async function alongside<T>(work: Promise<T>, record: Promise<void>): Promise<T> {
  const [w, r] = await Promise.allSettled([work, record]);
  if (w.status === 'rejected') throw w.reason;
  if (r.status === 'rejected') throw r.reason;
  return w.value;
}

/** Builds the station activities. */
export function createStationActivities({
  module,
  secrets,
  factoryPin,
  soPin,
  locks,
  db,
  ca,
}: StationDeps): StationActivities {
  const notBlank = (serial: string) =>
    ApplicationFailure.create({
      type: StationFailure.TokenNotBlank,
      message: `token ${serial} is not blank: it holds another key or a certificate`,
      nonRetryable: true,
    });

  /**
   * Makes the UKey in one token session: key pair (generated, or the one an earlier attempt left),
   * request signed on the token, certificate (issued once per item), written next to the key, PIN set
   * to the order's initial PIN. An attempt after a crash resumes wherever the last one stopped.
   */
  async function make(
    m: MakeUKeyInput,
    at: (step: 'generating_key' | 'issuing_certificate' | 'writing_certificate') => Promise<void>,
  ): Promise<{ serialHex: string; der: Buffer; model: string }> {
    const id = Buffer.from(m.keyId, 'hex');
    const label = `UKey ${m.subject.organizationName}`;
    const initialPin = async () => {
      const pin = await secrets.read(m.initialPin, `order-pin:${m.orderId}`);
      if (pin === null)
        throw ApplicationFailure.create({
          type: StationFailure.PinUnavailable,
          message: 'the initial PIN of the order is no longer available',
          nonRetryable: true,
        });
      return pin;
    };
    /** Only this item's key and certificate may be on the token. */
    const onlyOurs = (s: TokenSession) => {
      if (s.keys().some((k) => !k.id.equals(id)) || s.certificates().some((c) => !c.id.equals(id)))
        throw notBlank(m.tokenSerial);
    };
    const [found] = await Promise.all([certificateOfItem(db, m.itemId), at('generating_key')]);
    const earlier = found ?? null;
    let model = '';
    // Before any login attempt: the token is of the declared model, and a certificate (visible without a
    // PIN) marks a used token, unless it is this item's own from an earlier attempt.
    const fitAndUnused = (publicView: TokenSession, token: { model: string }) => {
      model = token.model;
      if (!ukeyModelFits(m.ukeyModel, token.model)) {
        throw ApplicationFailure.create({
          type: StationFailure.UkeyModelMismatch,
          message: `token ${m.tokenSerial} reports model "${token.model}", not "${m.ukeyModel}"`,
          details: [{ reported: token.model, declared: m.ukeyModel } satisfies UkeyModelMismatchDetails],
          nonRetryable: true,
        });
      }
      if (publicView.certificates().length > 0 && !earlier) throw notBlank(m.tokenSerial);
    };
    try {
      return await module.withSession(
        m.tokenSerial,
        factoryPin,
        async (s) => {
          onlyOurs(s);
          const keys = s.keys();
          const own = keys.some((k) => k.class === 'private') ? s.publicKeySpki(id) : null;
          if (!own && keys.length > 0) s.destroyObjects(id);
          const spki = own ?? (await s.generateRsaKeyPair(id, label)).spki;
          const csr = await buildCsr({
            subject: {
              country: 'CN',
              organizationName: m.subject.organizationName,
              commonName: m.subject.organizationName,
              organizationIdentifier: m.subject.creditCode,
            },
            spki,
            sign: (tbs) => s.sign(id, tbs),
          });
          const cert = await alongside(
            issueCertificateOnce(db, ca, { ...m, csr: csr.toString('base64') }, earlier),
            at('issuing_certificate'),
          );
          const pin = await alongside(initialPin(), at('writing_certificate'));
          const der = Buffer.from(cert.certificate, 'base64');
          s.writeCertificate(id, 'UKey certificate', der);
          s.setPin(factoryPin, pin);
          return { serialHex: cert.serialHex, der, model };
        },
        fitAndUnused,
      );
    } catch (err) {
      if (!(err instanceof PinIncorrectError)) throw err;
      // The factory PIN no longer opens it: this item's PIN was set before a crash — or the token is someone else's.
      if (!earlier) throw notBlank(m.tokenSerial);
      const pin = await initialPin();
      return module.withSession(
        m.tokenSerial,
        pin,
        async (s) => {
          onlyOurs(s);
          const der = pemToDer(earlier.pem);
          s.writeCertificate(id, 'UKey certificate', der);
          return { serialHex: earlier.serial_hex, der, model };
        },
        fitAndUnused,
      );
    }
  }

  async function wipe(tokenSerial: string, keyId: string): Promise<number> {
    try {
      return await module.withSession(tokenSerial, factoryPin, async (s) =>
        s.destroyObjects(Buffer.from(keyId, 'hex')),
      );
    } catch (err) {
      if (err instanceof PinIncorrectError) return 0;
      throw err;
    }
  }

  return {
    async listTokens() {
      // (an uninitialised slot, such as SoftHSM2's spare one, holds no token yet)
      return module
        .listTokens()
        .filter((t) => t.initialized)
        .map((t) => {
          const [certificate] = t.hasCertificate ? module.publicCertificates(t.serial) : [];
          return {
            serial: t.serial,
            label: t.label,
            model: t.model,
            manufacturer: t.manufacturer,
            blank: t.blank,
            hasCertificate: t.hasCertificate,
            certificateSerial: certificate ? certificateSummary(certificate.der).serialHex : null,
            pinLocked: t.pinLocked,
            pinAttemptsLeft: t.pinAttemptsLeft,
          };
        });
    },

    async makeUKey(m) {
      return locks.run(m.tokenSerial, () =>
        heartbeating(async (step) => {
          // Progress is written as each step starts (alongside the work where the work allows).
          const at = (name: 'generating_key' | 'issuing_certificate' | 'writing_certificate') => {
            step(name);
            return recordUKeyStep(db, m, name);
          };
          try {
            const made = await hardware(() => make(m, at));
            await recordUKeyDone(db, m, made.serialHex, made.model);
            return { certificateSerial: made.serialHex, notAfter: certificateSummary(made.der).notAfter.toISOString() };
          } catch (err) {
            if (err instanceof ApplicationFailure && err.nonRetryable) {
              // A refusal: leave the token as it was and the item failed (not counted).
              // (Only where this item's key is on a token the factory PIN opens; never on someone else's token.)
              if (err.type === StationFailure.CaRefused || err.type === StationFailure.PinUnavailable)
                await wipe(m.tokenSerial, m.keyId).catch(() => 0);
              await voidCertificate(db, m.itemId);
              await recordUKeyStep(db, m, 'failed', err.message);
            }
            throw err;
          }
        }),
      );
    },

    async renewUKey(m) {
      return locks.run(m.tokenSerial, () =>
        heartbeating(async (step) => {
          // Progress shows the order's steps; the renewal's finer ones go with the heartbeat.
          const recorded: Partial<
            Record<RenewalStep, 'generating_key' | 'issuing_certificate' | 'writing_certificate'>
          > = {
            generating_key: 'generating_key',
            issuing_certificate: 'issuing_certificate',
            writing_certificate: 'writing_certificate',
          };
          const at = async (name: RenewalStep) => {
            step(name);
            const shown = recorded[name];
            if (shown) await recordUKeyStep(db, m, shown);
          };
          try {
            const renewed = await hardware(() => renewOnToken({ module, secrets, soPin, db, ca }, m, at));
            return {
              certificateSerial: renewed.serialHex,
              notAfter: certificateSummary(renewed.der).notAfter.toISOString(),
            };
          } catch (err) {
            if (err instanceof ApplicationFailure && err.nonRetryable) {
              // A refusal: the old certificate stays in use; a new key left on the token is reused by the next attempt.
              await voidCertificate(db, m.itemId);
              await recordUKeyStep(db, m, 'failed', err.message);
            }
            throw err;
          }
        }),
      );
    },

    async wipeKey({ tokenSerial, keyId }) {
      return locks.run(tokenSerial, () => hardware(() => wipe(tokenSerial, keyId)));
    },

    async readToken({ tokenSerial }) {
      return locks.run(tokenSerial, () =>
        hardware(async () => {
          const info = module.inspect(tokenSerial);
          return {
            serial: info.serial,
            label: info.label,
            certificates: module.publicCertificates(tokenSerial).map((c) => c.der.toString('base64')),
          };
        }),
      );
    },
  };
}

/**
 * The token station's activities: what is in the readers, and the hardware steps of making a UKey —
 * key pair and certificate request on the token, certificate written next to the key, PIN set. Every
 * step can be repeated after a crash without harm; token errors that retries would only make worse
 * (wrong or locked PIN, missing or used token) fail at once.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { StationFailure, type StationActivities } from '../../contracts/station';
import type { SecretStore } from '../../platform/secret-store';
import { buildCsr } from './csr';
import type { TokenLocks } from './locks';
import { PinIncorrectError, TokenError, type Pkcs11Module } from './pkcs11';

/** What a station needs. */
export interface StationDeps {
  module: Pkcs11Module;
  secrets: SecretStore;
  /** User PIN of blank tokens as they leave the factory. */
  factoryPin: string;
  locks: TokenLocks;
}

/** Turns token errors into non-retryable failures carrying their code. */
async function hardware<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof TokenError) throw ApplicationFailure.create({ type: err.code, message: err.message, nonRetryable: true });
    throw err;
  }
}

/** Heartbeats every few seconds while `fn` runs (key generation can take a while on real tokens). */
async function heartbeating<T>(fn: () => Promise<T>): Promise<T> {
  const ctx = Context.current();
  ctx.heartbeat();
  const timer = setInterval(() => ctx.heartbeat(), 3000);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Builds the station activities. */
export function createStationActivities({ module, secrets, factoryPin, locks }: StationDeps): StationActivities {
  return {
    async listTokens() {
      return module.listTokens().map((t) => ({
        serial: t.serial,
        label: t.label,
        model: t.model,
        manufacturer: t.manufacturer,
        blank: t.blank,
        hasCertificate: t.hasCertificate,
        pinLocked: t.userPinLocked,
      }));
    },

    async prepareKey({ tokenSerial, keyId, subject }) {
      const id = Buffer.from(keyId, 'hex');
      const notBlank = () =>
        ApplicationFailure.create({ type: StationFailure.TokenNotBlank, message: `token ${tokenSerial} is not blank: it holds another key or a certificate`, nonRetryable: true });
      return locks.run(tokenSerial, () =>
        heartbeating(() =>
          hardware(async () => {
            // A certificate is visible without a PIN: a used token is refused before any login attempt.
            const seen = module.listTokens().find((t) => t.serial === tokenSerial);
            if (seen?.hasCertificate) throw notBlank();
            try {
              return await makeKey();
            } catch (err) {
              // A token someone else made has another PIN: not a blank token.
              if (err instanceof PinIncorrectError && seen && !seen.blank) throw notBlank();
              throw err;
            }
          }),
        ),
      );

      function makeKey() {
        return module.withSession(tokenSerial, factoryPin, async (s) => {
          const keys = s.keys();
          if (keys.some((k) => !k.id.equals(id)) || s.certificates().length > 0) throw notBlank();
          // A key this item generated before (a retry) is resumed; a half-made pair is cleared first.
          const own = keys.some((k) => k.class === 'private') ? s.publicKeySpki(id) : null;
          if (!own && keys.length > 0) s.destroyObjects(id);
          const spki = own ?? (await s.generateRsaKeyPair(id, `UKey ${subject.organizationName}`)).spki;
          const csr = await buildCsr({
            subject: { country: 'CN', organizationName: subject.organizationName, commonName: subject.organizationName, organizationIdentifier: subject.creditCode },
            spki,
            sign: (tbs) => s.sign(id, tbs),
          });
          return { csr: csr.toString('base64'), resumed: own !== null };
        });
      }
    },

    async installCertificate({ orderId, tokenSerial, keyId, certificate, initialPin }) {
      const id = Buffer.from(keyId, 'hex');
      const der = Buffer.from(certificate, 'base64');
      const pin = await secrets.read(initialPin, `order-pin:${orderId}`);
      if (pin === null) throw ApplicationFailure.nonRetryable('the initial PIN of the order is no longer available', 'PIN_UNAVAILABLE');
      await locks.run(tokenSerial, () =>
        heartbeating(() =>
          hardware(async () => {
            try {
              // Certificate next to its key, then the PIN becomes the order's initial PIN (the one in the SMS).
              await module.withSession(tokenSerial, factoryPin, async (s) => {
                s.writeCertificate(id, 'UKey certificate', der);
                s.setPin(factoryPin, pin);
              });
            } catch (err) {
              // A retry after the PIN was changed: the certificate is checked with the new PIN.
              if (!(err instanceof PinIncorrectError)) throw err;
              await module.withSession(tokenSerial, pin, async (s) => {
                s.writeCertificate(id, 'UKey certificate', der);
              });
            }
          }),
        ),
      );
    },

    async wipeKey({ tokenSerial, keyId }) {
      return locks.run(tokenSerial, () =>
        hardware(() => module.withSession(tokenSerial, factoryPin, async (s) => s.destroyObjects(Buffer.from(keyId, 'hex')))).catch((err) => {
          if (err instanceof ApplicationFailure && err.type === StationFailure.PinIncorrect) return 0;
          throw err;
        }),
      );
    },
  };
}

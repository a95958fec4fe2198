/**
 * The UKeys in a station's readers through their PKCS#11 module (pkcs11js): listing, PIN-guarded
 * sessions, RSA key pairs generated on the token, certificates stored next to their key.
 *
 * Wrong user PINs are counted on the token itself, in a public data object, and lock it at the limit, as
 * a real UKey's own counter does (SoftHSM2 counts nothing): every login through this module counts, the
 * count travels with the token to any station or signing agent, and a restart does not reset it.
 */
import { createPublicKey, X509Certificate } from 'node:crypto';
import os from 'node:os';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as pkcs11js from 'pkcs11js';
import { DEFAULT_PIN_ATTEMPT_LIMIT, StationFailure } from '../../contracts/station';

/** A token present in a slot, as the module reports it without a PIN. */
export interface TokenInfo {
  slotId: string;
  serial: string;
  label: string;
  model: string;
  manufacturer: string;
  initialized: boolean;
  userPinInitialized: boolean;
  userPinLocked: boolean;
  userPinCountLow: boolean;
  userPinFinalTry: boolean;
  /** Wrong user PINs in a row, as counted on the token. */
  pinFailures: number;
  /** Wrong user PINs still allowed before the token locks (0 when locked). */
  pinAttemptsLeft: number;
  /** Locked: by the token itself or by the count; no PIN is tried until it is unlocked with the SO PIN. */
  pinLocked: boolean;
  /**
   * Ready to become a UKey: initialised with a user PIN, and no public key or certificate visible
   * without login. A private key alone is invisible here; `isBlank` logs in and sees it too.
   */
  blank: boolean;
  hasCertificate: boolean;
}

/** A key object on a token. */
export interface TokenKey {
  id: Buffer;
  label: string;
  class: 'private' | 'public';
}

/** A certificate object on a token. */
export interface TokenCertificate {
  id: Buffer;
  label: string;
  der: Buffer;
}

/** How well a private key is kept inside its token. */
export interface KeyProtection {
  sensitive: boolean;
  extractable: boolean;
  neverExtractable: boolean;
  /** Some secret component (private exponent, primes) could be read; must be false. */
  valueReadable: boolean;
}

/** A token failure with a stable code; the activity layer turns it into a non-retryable failure. */
export abstract class TokenError extends Error {
  abstract readonly code: string;
}

/** The PIN was wrong (the attempt is counted; at 0 attempts left the token is now locked). */
export class PinIncorrectError extends TokenError {
  readonly code = StationFailure.PinIncorrect;
  constructor(
    readonly serial: string,
    readonly attemptsLeft: number,
  ) {
    super(`UKey ${serial}: PIN 错误 / incorrect PIN (${attemptsLeft} left)`);
    this.name = 'PinIncorrectError';
  }
}

/** The user PIN is locked; no login is attempted. */
export class PinLockedError extends TokenError {
  readonly code = StationFailure.PinLocked;
  constructor(readonly serial: string) {
    super(`UKey ${serial}: PIN 已锁定 / PIN locked`);
    this.name = 'PinLockedError';
  }
}

/** The security officer's PIN was refused (unlocking needs the right SO PIN). */
export class SoPinIncorrectError extends TokenError {
  readonly code = 'SO_PIN_INCORRECT';
  constructor(readonly serial: string) {
    super(`UKey ${serial}: SO PIN 错误 / incorrect SO PIN`);
    this.name = 'SoPinIncorrectError';
  }
}

/** No token with that serial is present. */
export class TokenNotFoundError extends TokenError {
  readonly code = StationFailure.TokenNotFound;
  constructor(readonly serial: string) {
    super(`UKey ${serial}: 未找到 / token not present`);
    this.name = 'TokenNotFoundError';
  }
}

const RW_SESSION = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
/** The public data object that keeps the count of wrong PINs on a token: CKA_APPLICATION and CKA_LABEL. */
const PIN_COUNT_APPLICATION = 'ca-onboarding-bpm';
const PIN_COUNT_LABEL = 'PIN attempts';
const RSA_EXPONENT = Buffer.from([1, 0, 1]);
/** Large enough for an RSA-8192 signature; pkcs11js returns the used part. */
const SIGNATURE_BUFFER_BYTES = 1024;
/** Secret components of an RSA private key: none may be readable. */
const SECRET_ATTRIBUTES = [pkcs11js.CKA_PRIVATE_EXPONENT, pkcs11js.CKA_PRIME_1, pkcs11js.CKA_PRIME_2];
const TOKEN_NOT_THERE = new Set([
  pkcs11js.CKR_TOKEN_NOT_PRESENT,
  pkcs11js.CKR_DEVICE_REMOVED,
  pkcs11js.CKR_SLOT_ID_INVALID,
]);

/** The count a PIN count object holds; one that cannot be read counts as locked (unlocking rewrites it). */
function storedFailures(value: Buffer): number {
  try {
    const failures: unknown = (JSON.parse(value.toString('utf8')) as { failures?: unknown }).failures;
    if (typeof failures === 'number' && Number.isInteger(failures) && failures >= 0) return failures;
  } catch {
    // not JSON: below
  }
  return Number.MAX_SAFE_INTEGER;
}

function isCkr(error: unknown, ...codes: number[]): boolean {
  return error instanceof pkcs11js.Pkcs11Error && codes.includes(error.code);
}

function unpad(value: string): string {
  return value.replace(/[\s\0]+$/, '');
}

function slotNumber(slot: Buffer): string {
  const bigEndian = os.endianness() === 'LE' ? Buffer.from(slot).reverse() : slot;
  return BigInt(`0x${bigEndian.toString('hex') || '0'}`).toString();
}

/** DER of an X.509 certificate's subject, issuer and serial number (INTEGER), as PKCS#11 stores them. */
function certificateNames(der: Buffer): { subject: Buffer; issuer: Buffer; serialNumber: Buffer } {
  const tbs = AsnConvert.parse(der, Certificate).tbsCertificate;
  const serial = Buffer.from(tbs.serialNumber);
  return {
    subject: Buffer.from(AsnConvert.serialize(tbs.subject)),
    issuer: Buffer.from(AsnConvert.serialize(tbs.issuer)),
    serialNumber: Buffer.concat([Buffer.from([0x02, serial.length]), serial]),
  };
}

/** A session on one token: logged in and read/write inside `withSession`, and valid only there. */
export class TokenSession {
  constructor(
    private readonly p11: pkcs11js.PKCS11,
    private readonly handle: Buffer,
    readonly serial: string,
  ) {}

  private find(template: pkcs11js.Template): Buffer[] {
    this.p11.C_FindObjectsInit(this.handle, [{ type: pkcs11js.CKA_TOKEN, value: true }, ...template]);
    try {
      const found: Buffer[] = [];
      for (
        let batch = this.p11.C_FindObjects(this.handle, 64);
        batch.length;
        batch = this.p11.C_FindObjects(this.handle, 64)
      )
        found.push(...batch);
      return found;
    } finally {
      this.p11.C_FindObjectsFinal(this.handle);
    }
  }

  private attributes(object: Buffer, types: number[]): Buffer[] {
    return this.p11
      .C_GetAttributeValue(
        this.handle,
        object,
        types.map((type) => ({ type })),
      )
      .map((a) => a.value);
  }

  private key(cls: number, id: Buffer): Buffer | null {
    return (
      this.find([
        { type: pkcs11js.CKA_CLASS, value: cls },
        { type: pkcs11js.CKA_ID, value: id },
      ])[0] ?? null
    );
  }

  private privateKey(id: Buffer): Buffer {
    const key = this.key(pkcs11js.CKO_PRIVATE_KEY, id);
    if (!key) throw new Error(`no private key with CKA_ID ${id.toString('hex')} on the token`);
    return key;
  }

  private spkiOf(publicKey: Buffer): Buffer {
    const [n, e] = this.attributes(publicKey, [pkcs11js.CKA_MODULUS, pkcs11js.CKA_PUBLIC_EXPONENT]);
    return createPublicKey({
      key: { kty: 'RSA', n: n.toString('base64url'), e: e.toString('base64url') },
      format: 'jwk',
    }).export({ type: 'spki', format: 'der' });
  }

  /** Generates an RSA key pair on the token (off the event loop); returns the public key's SubjectPublicKeyInfo DER. */
  async generateRsaKeyPair(id: Buffer, label: string, bits = 2048): Promise<{ spki: Buffer }> {
    if (this.find([{ type: pkcs11js.CKA_ID, value: id }]).length)
      throw new Error(`the token already holds objects with CKA_ID ${id.toString('hex')}`);
    const common = [
      { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_RSA },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_ID, value: id },
      { type: pkcs11js.CKA_LABEL, value: label },
    ];
    const keys = await this.p11.C_GenerateKeyPairAsync(
      this.handle,
      { mechanism: pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        ...common,
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PUBLIC_KEY },
        { type: pkcs11js.CKA_PRIVATE, value: false },
        { type: pkcs11js.CKA_VERIFY, value: true },
        { type: pkcs11js.CKA_MODULUS_BITS, value: bits },
        { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: RSA_EXPONENT },
      ],
      [
        ...common,
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
        { type: pkcs11js.CKA_PRIVATE, value: true },
        { type: pkcs11js.CKA_SENSITIVE, value: true },
        { type: pkcs11js.CKA_EXTRACTABLE, value: false },
        { type: pkcs11js.CKA_SIGN, value: true },
      ],
    );
    return { spki: this.spkiOf(keys.publicKey) };
  }

  /** SubjectPublicKeyInfo DER of the key pair with this CKA_ID; `null` if the token has none. */
  publicKeySpki(id: Buffer): Buffer | null {
    const key = this.key(pkcs11js.CKO_PUBLIC_KEY, id);
    return key ? this.spkiOf(key) : null;
  }

  /** Signs `data` with the private key of this CKA_ID: SHA-256 with RSA PKCS#1 v1.5, on the token. */
  async sign(id: Buffer, data: Buffer): Promise<Buffer> {
    this.p11.C_SignInit(this.handle, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, this.privateKey(id));
    return this.p11.C_SignAsync(this.handle, data, Buffer.alloc(SIGNATURE_BUFFER_BYTES));
  }

  /**
   * Stores an X.509 certificate next to the key pair with this CKA_ID; returns false when the token
   * already holds exactly this certificate. Refuses a certificate for another key, or a second one.
   */
  writeCertificate(id: Buffer, label: string, der: Buffer): boolean {
    const existing = this.find([
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_ID, value: id },
    ]);
    const values = existing.map((c) => this.attributes(c, [pkcs11js.CKA_VALUE])[0]);
    if (values.some((v) => v.equals(der))) return false;
    if (values.length) throw new Error(`the token already holds another certificate for CKA_ID ${id.toString('hex')}`);
    const spki = this.publicKeySpki(id);
    if (!spki || !new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }).equals(spki)) {
      throw new Error(`the certificate is not for the key pair with CKA_ID ${id.toString('hex')}`);
    }
    const names = certificateNames(der);
    this.p11.C_CreateObject(this.handle, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
      { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_ID, value: id },
      { type: pkcs11js.CKA_LABEL, value: label },
      { type: pkcs11js.CKA_SUBJECT, value: names.subject },
      { type: pkcs11js.CKA_ISSUER, value: names.issuer },
      { type: pkcs11js.CKA_SERIAL_NUMBER, value: names.serialNumber },
      { type: pkcs11js.CKA_VALUE, value: der },
    ]);
    return true;
  }

  /** The certificates on the token. */
  certificates(): TokenCertificate[] {
    return this.find([{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]).map((c) => {
      const [id, label, der] = this.attributes(c, [pkcs11js.CKA_ID, pkcs11js.CKA_LABEL, pkcs11js.CKA_VALUE]);
      return { id, label: label.toString('utf8'), der };
    });
  }

  /** The private and public keys on the token. */
  keys(): TokenKey[] {
    const of = (cls: number, name: TokenKey['class']) =>
      this.find([{ type: pkcs11js.CKA_CLASS, value: cls }]).map((k) => {
        const [id, label] = this.attributes(k, [pkcs11js.CKA_ID, pkcs11js.CKA_LABEL]);
        return { id, label: label.toString('utf8'), class: name };
      });
    return [...of(pkcs11js.CKO_PRIVATE_KEY, 'private'), ...of(pkcs11js.CKO_PUBLIC_KEY, 'public')];
  }

  /** The protection attributes of the private key with this CKA_ID, and whether its secret can be read. */
  privateKeyProtection(id: Buffer): KeyProtection {
    const key = this.privateKey(id);
    const [sensitive, extractable, neverExtractable] = this.attributes(key, [
      pkcs11js.CKA_SENSITIVE,
      pkcs11js.CKA_EXTRACTABLE,
      pkcs11js.CKA_NEVER_EXTRACTABLE,
    ]);
    const readable = (type: number) => {
      try {
        return this.attributes(key, [type])[0].length > 0;
      } catch (e) {
        if (isCkr(e, pkcs11js.CKR_ATTRIBUTE_SENSITIVE, pkcs11js.CKR_ATTRIBUTE_TYPE_INVALID)) return false;
        throw e;
      }
    };
    return {
      sensitive: sensitive[0] !== 0,
      extractable: extractable[0] !== 0,
      neverExtractable: neverExtractable[0] !== 0,
      valueReadable: SECRET_ATTRIBUTES.some(readable),
    };
  }

  /** Destroys every object with this CKA_ID (keys and certificate of one UKey); returns how many. */
  destroyObjects(id: Buffer): number {
    const objects = this.find([{ type: pkcs11js.CKA_ID, value: id }]);
    for (const o of objects) this.p11.C_DestroyObject(this.handle, o);
    return objects.length;
  }

  private pinCountObjects(): Buffer[] {
    return this.find([
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
      { type: pkcs11js.CKA_APPLICATION, value: PIN_COUNT_APPLICATION },
      { type: pkcs11js.CKA_LABEL, value: PIN_COUNT_LABEL },
    ]);
  }

  /** Wrong user PINs in a row, as the token's public count object says (the highest, should there be two). */
  pinFailures(): number {
    return Math.max(
      0,
      ...this.pinCountObjects().map((o) => storedFailures(this.attributes(o, [pkcs11js.CKA_VALUE])[0])),
    );
  }

  /**
   * Records the count of wrong PINs on the token (no login needed: a public object in a read/write
   * session). The new record is written before the old ones are removed, so a crash between the two
   * leaves the higher count standing, never none.
   */
  setPinFailures(failures: number): void {
    const old = this.pinCountObjects();
    this.p11.C_CreateObject(this.handle, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_DATA },
      { type: pkcs11js.CKA_TOKEN, value: true },
      { type: pkcs11js.CKA_PRIVATE, value: false },
      { type: pkcs11js.CKA_APPLICATION, value: PIN_COUNT_APPLICATION },
      { type: pkcs11js.CKA_LABEL, value: PIN_COUNT_LABEL },
      { type: pkcs11js.CKA_VALUE, value: Buffer.from(JSON.stringify({ failures })) },
    ]);
    for (const o of old) this.p11.C_DestroyObject(this.handle, o);
  }

  /** Changes the logged-in user's PIN. */
  setPin(oldPin: string, newPin: string): void {
    this.p11.C_SetPIN(this.handle, oldPin, newPin);
  }
}

/** True when a login failed because of the PIN itself (wrong, or a length the token refuses). */
function isWrongPin(error: unknown): boolean {
  return isCkr(error, pkcs11js.CKR_PIN_INCORRECT, pkcs11js.CKR_PIN_LEN_RANGE);
}

/** A loaded PKCS#11 module; one per process (the module's state is process-wide). */
export class Pkcs11Module {
  private openSessions = 0;
  /** Where each token was last found (with hundreds of slots a full scan per operation adds up). */
  private readonly lastSlot = new Map<string, Buffer>();

  private constructor(
    private readonly p11: pkcs11js.PKCS11,
    /** Wrong user PINs in a row that lock a token. */
    readonly pinAttemptLimit: number,
  ) {}

  /** Loads and initialises the module at `modulePath` (SoftHSM2 reads SOFTHSM2_CONF now). */
  static open(modulePath: string, opts: { pinAttemptLimit?: number } = {}): Pkcs11Module {
    const p11 = new pkcs11js.PKCS11();
    p11.load(modulePath);
    p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    return new Pkcs11Module(p11, opts.pinAttemptLimit ?? DEFAULT_PIN_ATTEMPT_LIMIT);
  }

  private slots(): { slot: Buffer; info: pkcs11js.TokenInfo }[] {
    return this.p11.C_GetSlotList(true).map((slot) => ({ slot, info: this.p11.C_GetTokenInfo(slot) }));
  }

  /** The slot holding a token: the one it was last seen in if it is still there, else a scan of all slots. */
  private slotOf(serial: string): { slot: Buffer; info: pkcs11js.TokenInfo } {
    const last = this.lastSlot.get(serial);
    if (last) {
      try {
        const info = this.p11.C_GetTokenInfo(last);
        if (unpad(info.serialNumber) === serial) return { slot: last, info };
      } catch {
        // the token left that slot; scan below
      }
    }
    const found = this.slots().find((s) => unpad(s.info.serialNumber) === serial);
    if (!found) throw new TokenNotFoundError(serial);
    this.lastSlot.set(serial, found.slot);
    return found;
  }

  /** The public keys, certificates and PIN count visible without login; `null` if no session can be opened. */
  private publicObjects(
    slot: Buffer,
    serial: string,
  ): { keys: number; certificates: number; pinFailures: number } | null {
    let session: Buffer;
    try {
      session = this.p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    } catch (e) {
      if (isCkr(e, pkcs11js.CKR_TOKEN_NOT_RECOGNIZED, ...TOKEN_NOT_THERE)) return null;
      throw e;
    }
    try {
      const s = new TokenSession(this.p11, session, serial);
      return { keys: s.keys().length, certificates: s.certificates().length, pinFailures: s.pinFailures() };
    } finally {
      this.p11.C_CloseSession(session);
    }
  }

  /** The tokens present now. */
  listTokens(): TokenInfo[] {
    return this.slots().map(({ slot, info }) => this.describe(slot, info));
  }

  /** The certificates on a token that anyone can read (no PIN). */
  publicCertificates(serial: string): TokenCertificate[] {
    const { slot } = this.slotOf(serial);
    const session = this.p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    try {
      return new TokenSession(this.p11, session, serial).certificates();
    } finally {
      this.p11.C_CloseSession(session);
    }
  }

  /** One token, by serial (without touching the other slots); `TokenNotFoundError` if it is not there. */
  inspect(serial: string): TokenInfo {
    const { slot, info } = this.slotOf(serial);
    return this.describe(slot, info);
  }

  private describe(slot: Buffer, info: pkcs11js.TokenInfo): TokenInfo {
    const has = (flag: number) => (info.flags & flag) !== 0;
    const ready = has(pkcs11js.CKF_TOKEN_INITIALIZED) && has(pkcs11js.CKF_USER_PIN_INITIALIZED);
    const objects = ready ? this.publicObjects(slot, unpad(info.serialNumber)) : null;
    const pinFailures = objects?.pinFailures ?? 0;
    const pinAttemptsLeft = this.attemptsLeft(info, pinFailures);
    return {
      slotId: slotNumber(slot),
      serial: unpad(info.serialNumber),
      label: unpad(info.label),
      model: unpad(info.model),
      manufacturer: unpad(info.manufacturerID),
      initialized: has(pkcs11js.CKF_TOKEN_INITIALIZED),
      userPinInitialized: has(pkcs11js.CKF_USER_PIN_INITIALIZED),
      userPinLocked: has(pkcs11js.CKF_USER_PIN_LOCKED),
      userPinCountLow: has(pkcs11js.CKF_USER_PIN_COUNT_LOW),
      userPinFinalTry: has(pkcs11js.CKF_USER_PIN_FINAL_TRY),
      pinFailures,
      pinAttemptsLeft,
      pinLocked: pinAttemptsLeft === 0,
      blank: objects !== null && objects.keys === 0 && objects.certificates === 0,
      hasCertificate: (objects?.certificates ?? 0) > 0,
    };
  }

  /** Wrong PINs still allowed: the count's remainder, 0 when the token locked itself, at most 1 on its final try. */
  private attemptsLeft(info: pkcs11js.TokenInfo, failures: number): number {
    if (info.flags & pkcs11js.CKF_USER_PIN_LOCKED) return 0;
    const left = Math.max(0, this.pinAttemptLimit - failures);
    return info.flags & pkcs11js.CKF_USER_PIN_FINAL_TRY ? Math.min(left, 1) : left;
  }

  /**
   * Runs `fn` in a read/write session logged in as the user: refuses a locked token without trying the
   * PIN, counts the attempt on the token before trying it (so a crash cannot lose it), clears the count
   * when the PIN is right, and always logs out and closes the session. `beforeLogin` sees the same
   * session's public objects and the token's model first, and may refuse the token before its PIN is tried.
   * PKCS#11 login state is shared by all sessions of the process on a token, so callers run one operation
   * at a time per token (TokenLocks).
   */
  async withSession<T>(
    serial: string,
    pin: string,
    fn: (s: TokenSession) => Promise<T>,
    beforeLogin?: (publicView: TokenSession, token: { model: string }) => void,
  ): Promise<T> {
    const { slot, info } = this.slotOf(serial);
    let session: Buffer;
    try {
      session = this.p11.C_OpenSession(slot, RW_SESSION);
    } catch (e) {
      throw isCkr(e, ...TOKEN_NOT_THERE) ? new TokenNotFoundError(serial) : e;
    }
    this.openSessions++;
    try {
      const publicView = new TokenSession(this.p11, session, serial);
      beforeLogin?.(publicView, { model: unpad(info.model) });
      const failures = publicView.pinFailures();
      if (this.attemptsLeft(info, failures) === 0) throw new PinLockedError(serial);
      publicView.setPinFailures(failures + 1);
      try {
        this.p11.C_Login(session, pkcs11js.CKU_USER, pin);
      } catch (e) {
        if (isWrongPin(e)) throw new PinIncorrectError(serial, this.attemptsLeft(info, failures + 1));
        // (not a verdict on the PIN: the attempt does not count)
        publicView.setPinFailures(failures);
        throw isCkr(e, pkcs11js.CKR_PIN_LOCKED) ? new PinLockedError(serial) : e;
      }
      publicView.setPinFailures(0);
      try {
        return await fn(new TokenSession(this.p11, session, serial));
      } finally {
        this.p11.C_Logout(session);
      }
    } finally {
      this.openSessions--;
      this.p11.C_CloseSession(session);
    }
  }

  /**
   * 解锁 — what a CA desk does for a locked UKey: logs in as the security officer, sets a new user PIN
   * (C_InitPIN, which also clears the token's own lock) and clears the count of wrong PINs.
   */
  unlockUserPin(serial: string, soPin: string, newPin: string): void {
    const { slot } = this.slotOf(serial);
    const session = this.p11.C_OpenSession(slot, RW_SESSION);
    try {
      try {
        this.p11.C_Login(session, pkcs11js.CKU_SO, soPin);
      } catch (e) {
        throw isWrongPin(e) ? new SoPinIncorrectError(serial) : e;
      }
      try {
        this.p11.C_InitPIN(session, newPin);
        new TokenSession(this.p11, session, serial).setPinFailures(0);
      } finally {
        this.p11.C_Logout(session);
      }
    } finally {
      this.p11.C_CloseSession(session);
    }
  }

  /** True when, logged in, the token shows no key and no certificate. */
  isBlank(serial: string, pin: string): Promise<boolean> {
    return this.withSession(serial, pin, async (s) => s.keys().length === 0 && s.certificates().length === 0);
  }

  /** Finalises and re-initialises the module, so it sees tokens added since (SoftHSM2 reads its tokens only then). */
  reload(): void {
    if (this.openSessions > 0) throw new Error('cannot reload the PKCS#11 module while a token session is open');
    this.p11.C_Finalize();
    this.p11.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
    this.lastSlot.clear();
  }

  /** Finalises and unloads the module. */
  close(): void {
    this.p11.C_Finalize();
    this.p11.close();
  }
}

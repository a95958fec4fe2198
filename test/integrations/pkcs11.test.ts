/** The PKCS#11 layer of the token station against a real SoftHSM2 (own config and tokens for this file). */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createPublicKey, verify, webcrypto } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import { buildCsr } from '../../integrations/token/csr';
import { TokenLocks } from '../../integrations/token/locks';
import {
  PinIncorrectError,
  PinLockedError,
  Pkcs11Module,
  SoPinIncorrectError,
  TokenNotFoundError,
  type TokenInfo,
  type TokenSession,
} from '../../integrations/token/pkcs11';
import { TOKEN_DEFAULTS } from '../../scripts/tokens';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

x509.cryptoProvider.set(webcrypto);

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
const ORGANIZATION = '浙江测试建设有限公司';

let hsm: TestSoftHsm;
let p11: Pkcs11Module;
/** One token per scenario, so scenarios do not see each other's objects or PIN state. */
let tokens: {
  make: string;
  halfMade: string;
  wrongPin: string;
  closing: string;
  locked: string;
  repin: string;
  counted: string;
  unlocked: string;
};
/** The lock limit this file opens the module with. */
const LIMIT = 3;

beforeAll(async () => {
  hsm = await createSoftHsm(8);
  p11 = Pkcs11Module.open(hsm.modulePath, { pinAttemptLimit: LIMIT });
  const [make, halfMade, wrongPin, closing, locked, repin, counted, unlocked] = hsm.serials;
  tokens = { make, halfMade, wrongPin, closing, locked, repin, counted, unlocked };
});

afterAll(async () => {
  p11?.close();
  await hsm?.cleanup();
});

function token(serial: string): TokenInfo {
  const found = p11.listTokens().find((t) => t.serial === serial);
  if (!found) throw new Error(`token ${serial} is not listed`);
  return found;
}

function session<T>(serial: string, fn: (s: TokenSession) => Promise<T> | T): Promise<T> {
  return p11.withSession(serial, hsm.factoryPin, async (s) => fn(s));
}

/** A certificate for `spki` issued by a throwaway CA key. */
async function issue(spki: Buffer, serialNumber: string): Promise<Buffer> {
  const ca = await webcrypto.subtle.generateKey(
    { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    false,
    ['sign', 'verify'],
  );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: `CN=${ORGANIZATION}`,
    issuer: 'CN=Test CA',
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2027-01-01T00:00:00Z'),
    publicKey: await webcrypto.subtle.importKey('spki', spki, RSA, true, ['verify']),
    signingKey: ca.privateKey,
    signingAlgorithm: RSA,
  });
  return Buffer.from(cert.rawData);
}

describe('listing tokens', () => {
  test('lists the blank tokens with their serials, labels and PIN flags', () => {
    const listed = p11.listTokens();
    const ours = listed.filter((t) => t.initialized);
    expect(ours.map((t) => t.serial).sort()).toEqual([...hsm.serials].sort());
    for (const t of ours) {
      expect(t).toMatchObject({
        userPinInitialized: true,
        userPinLocked: false,
        userPinCountLow: false,
        userPinFinalTry: false,
        pinFailures: 0,
        pinAttemptsLeft: LIMIT,
        pinLocked: false,
        blank: true,
        hasCertificate: false,
      });
      expect(t.label).toMatch(/^TEST-\d+$/);
      expect(t.slotId).toMatch(/^\d+$/);
      expect(t.model).toBe('SoftHSM v2');
    }
    expect(listed.filter((t) => !t.initialized)).toEqual([expect.objectContaining({ serial: '', blank: false })]);
  });

  test('reload shows a token initialised after the module was opened', () => {
    const [added] = hsm.addTokens(1);
    expect(p11.listTokens().map((t) => t.serial)).not.toContain(added);
    p11.reload();
    expect(token(added)).toMatchObject({ initialized: true, blank: true });
  });
});

describe('making a UKey', () => {
  const id = Buffer.from('order-item-1');
  let spki: Buffer;

  test('generates the key pair on the token without blocking the event loop; the private key is sensitive, not extractable, unreadable', async () => {
    let loopTurned = false;
    setImmediate(() => {
      loopTurned = true;
    });
    await session(tokens.make, async (s) => {
      spki = (await s.generateRsaKeyPair(id, 'UKey 1')).spki;
      expect(loopTurned).toBe(true);
      expect(createPublicKey({ key: spki, format: 'der', type: 'spki' }).asymmetricKeyDetails).toMatchObject({
        modulusLength: 2048,
        publicExponent: 65537n,
      });
      expect(s.keys().map((k) => ({ ...k, id: k.id.toString() }))).toEqual([
        { id: id.toString(), label: 'UKey 1', class: 'private' },
        { id: id.toString(), label: 'UKey 1', class: 'public' },
      ]);
      expect(s.privateKeyProtection(id)).toEqual({
        sensitive: true,
        extractable: false,
        neverExtractable: true,
        valueReadable: false,
      });
      expect(s.publicKeySpki(id)).toEqual(spki);
      await expect(s.generateRsaKeyPair(id, 'UKey 1')).rejects.toThrow(/already holds objects/);
    });
  });

  test('builds a CSR signed on the token that @peculiar/x509 and openssl verify', async () => {
    const der = await session(tokens.make, (s) =>
      buildCsr({
        subject: {
          country: 'CN',
          organizationName: ORGANIZATION,
          organizationIdentifier: '91330702MA2E0X0X0X',
          commonName: ORGANIZATION,
        },
        spki,
        sign: (tbs) => s.sign(id, tbs),
      }),
    );
    const csr = new x509.Pkcs10CertificateRequest(der);
    expect(await csr.verify()).toBe(true);
    expect(Buffer.from(csr.publicKey.rawData)).toEqual(spki);
    expect(csr.subjectName.getField('O')).toEqual([ORGANIZATION]);
    expect(csr.subjectName.getField('2.5.4.97')).toEqual(['91330702MA2E0X0X0X']);

    const file = path.join(hsm.dir, 'request.der');
    fs.writeFileSync(file, der);
    const openssl = spawnSync('openssl', ['req', '-inform', 'DER', '-in', file, '-verify', '-noout'], {
      encoding: 'utf8',
    });
    expect(openssl.status).toBe(0);
    expect(openssl.stdout + openssl.stderr).toMatch(/verify OK/);
  });

  test('signs data on the token and node crypto verifies it with the returned SPKI', async () => {
    const data = Buffer.from('绑定 CA 锁 / bind the UKey');
    const signature = await session(tokens.make, (s) => s.sign(id, data));
    expect(verify('sha256', data, createPublicKey({ key: spki, format: 'der', type: 'spki' }), signature)).toBe(true);
    expect(
      verify(
        'sha256',
        Buffer.from('something else'),
        createPublicKey({ key: spki, format: 'der', type: 'spki' }),
        signature,
      ),
    ).toBe(false);
  });

  test('writes the certificate next to its key, reads it back, and writing it again is a no-op', async () => {
    const certificate = await issue(spki, '0a1b2c');
    const another = await issue(spki, '0a1b2d');
    const foreignKey = await webcrypto.subtle.generateKey(
      { ...RSA, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
      true,
      ['sign', 'verify'],
    );
    const foreign = await issue(Buffer.from(await webcrypto.subtle.exportKey('spki', foreignKey.publicKey)), '0a1b2e');
    await session(tokens.make, (s) => {
      expect(s.writeCertificate(id, 'UKey 1', certificate)).toBe(true);
      expect(s.writeCertificate(id, 'UKey 1', certificate)).toBe(false);
      expect(s.certificates()).toEqual([{ id, label: 'UKey 1', der: certificate }]);
      expect(() => s.writeCertificate(id, 'UKey 1', another)).toThrow(/another certificate/);
      expect(() => s.writeCertificate(Buffer.from('order-item-2'), 'UKey 2', foreign)).toThrow(/not for the key pair/);
      expect(s.certificates()).toHaveLength(1);
    });
    expect(token(tokens.make)).toMatchObject({ blank: false, hasCertificate: true });
  });

  test('destroyObjects cleans a half-made token back to blank', async () => {
    const halfMadeId = Buffer.from('order-item-3');
    await session(tokens.halfMade, (s) => s.generateRsaKeyPair(halfMadeId, 'UKey 3'));
    expect(token(tokens.halfMade)).toMatchObject({ blank: false, hasCertificate: false });
    expect(await p11.isBlank(tokens.halfMade, hsm.factoryPin)).toBe(false);

    expect(await session(tokens.halfMade, (s) => s.destroyObjects(halfMadeId))).toBe(2);
    expect(token(tokens.halfMade)).toMatchObject({ blank: true });
    expect(await p11.isBlank(tokens.halfMade, hsm.factoryPin)).toBe(true);
  });
});

describe('sessions and PINs', () => {
  test('a wrong PIN raises PinIncorrectError and closes the session; the right PIN then logs in', async () => {
    const operation = jest.fn(async () => 'done');
    const failure = p11.withSession(tokens.wrongPin, '00000000', operation);
    await expect(failure).rejects.toBeInstanceOf(PinIncorrectError);
    await expect(failure).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
      serial: tokens.wrongPin,
      attemptsLeft: LIMIT - 1,
    });
    expect(operation).not.toHaveBeenCalled();
    expect(token(tokens.wrongPin).userPinCountLow).toBe(true);
    expect(() => p11.reload()).not.toThrow();

    expect(await p11.withSession(tokens.wrongPin, hsm.factoryPin, operation)).toBe('done');
  });

  test('wrong PINs are counted on the token; the count survives a reload; the right PIN clears it', async () => {
    const wrong = () => p11.withSession(tokens.counted, '00000000', async () => 'in');
    await expect(wrong()).rejects.toMatchObject({ code: 'PIN_INCORRECT', attemptsLeft: LIMIT - 1 });
    await expect(wrong()).rejects.toMatchObject({ code: 'PIN_INCORRECT', attemptsLeft: LIMIT - 2 });
    expect(token(tokens.counted)).toMatchObject({ pinFailures: 2, pinAttemptsLeft: LIMIT - 2, pinLocked: false });
    // (a reload re-reads every token from its files, as a restarted process does)
    p11.reload();
    expect(token(tokens.counted)).toMatchObject({ pinFailures: 2, pinAttemptsLeft: LIMIT - 2 });

    expect(await p11.withSession(tokens.counted, hsm.factoryPin, async () => 'in')).toBe('in');
    expect(token(tokens.counted)).toMatchObject({ pinFailures: 0, pinAttemptsLeft: LIMIT, pinLocked: false });
    // A PIN count is not a key or a certificate: the token is still blank.
    expect(token(tokens.counted).blank).toBe(true);
    expect(await p11.isBlank(tokens.counted, hsm.factoryPin)).toBe(true);
  });

  test('the limit locks the token; once locked even the right PIN is refused without being tried', async () => {
    const operation = jest.fn(async () => 'in');
    for (let left = LIMIT - 1; left >= 0; left--)
      await expect(p11.withSession(tokens.unlocked, '00000000', operation)).rejects.toMatchObject({
        code: 'PIN_INCORRECT',
        attemptsLeft: left,
      });
    expect(token(tokens.unlocked)).toMatchObject({ pinFailures: LIMIT, pinAttemptsLeft: 0, pinLocked: true });
    expect(token(tokens.unlocked).userPinCountLow).toBe(true);

    await expect(p11.withSession(tokens.unlocked, hsm.factoryPin, operation)).rejects.toBeInstanceOf(PinLockedError);
    // SoftHSM2 clears CKF_USER_PIN_COUNT_LOW on a successful login: still set, the right PIN was never tried.
    expect(token(tokens.unlocked).userPinCountLow).toBe(true);
    expect(token(tokens.unlocked).pinFailures).toBe(LIMIT);
    expect(operation).not.toHaveBeenCalled();
  });

  test('unlocking with the SO PIN sets a new user PIN and clears the count; a wrong SO PIN changes nothing', () => {
    // (the previous test locked this token)
    expect(token(tokens.unlocked).pinLocked).toBe(true);
    expect(() => p11.unlockUserPin(tokens.unlocked, '00000000', '13572468')).toThrow(SoPinIncorrectError);
    expect(token(tokens.unlocked)).toMatchObject({ pinLocked: true, pinFailures: LIMIT });

    p11.unlockUserPin(tokens.unlocked, TOKEN_DEFAULTS.soPin, '13572468');
    expect(token(tokens.unlocked)).toMatchObject({ pinLocked: false, pinFailures: 0, pinAttemptsLeft: LIMIT });
    return expect(p11.withSession(tokens.unlocked, '13572468', async () => 'in')).resolves.toBe('in');
  });

  test('logs out and closes the session after the operation, also when it fails', async () => {
    let leaked: TokenSession | undefined;
    const failure = p11.withSession(tokens.closing, hsm.factoryPin, async (s) => {
      leaked = s;
      expect(() => p11.reload()).toThrow(/session is open/);
      throw new Error('operation failed');
    });
    await expect(failure).rejects.toThrow('operation failed');
    expect(() => leaked?.keys()).toThrow(/CKR_SESSION_HANDLE_INVALID/);
    expect(() => p11.reload()).not.toThrow();
  });

  test('refuses a PIN the token itself locked with PinLockedError without trying the PIN; the SO PIN unlocks it', async () => {
    hsm.lockUserPin(tokens.locked);
    p11.reload();
    expect(token(tokens.locked)).toMatchObject({
      userPinLocked: true,
      userPinCountLow: false,
      pinLocked: true,
      pinAttemptsLeft: 0,
    });

    const operation = jest.fn(async () => 'done');
    const wrong = p11.withSession(tokens.locked, '00000000', operation);
    await expect(wrong).rejects.toBeInstanceOf(PinLockedError);
    await expect(wrong).rejects.toMatchObject({ code: 'PIN_LOCKED' });
    // A tried wrong PIN would have set CKF_USER_PIN_COUNT_LOW; SoftHSM2 would even accept the right one.
    expect(token(tokens.locked).userPinCountLow).toBe(false);
    await expect(p11.withSession(tokens.locked, hsm.factoryPin, operation)).rejects.toBeInstanceOf(PinLockedError);
    expect(operation).not.toHaveBeenCalled();

    p11.unlockUserPin(tokens.locked, TOKEN_DEFAULTS.soPin, hsm.factoryPin);
    expect(token(tokens.locked)).toMatchObject({ userPinLocked: false, pinLocked: false });
    expect(await p11.withSession(tokens.locked, hsm.factoryPin, operation)).toBe('done');
  });

  test('setPin changes the user PIN', async () => {
    await session(tokens.repin, (s) => s.setPin(hsm.factoryPin, '24681357'));
    await expect(session(tokens.repin, () => 'in')).rejects.toBeInstanceOf(PinIncorrectError);
    expect(await p11.withSession(tokens.repin, '24681357', async () => 'in')).toBe('in');
  });

  test('a token that is not present raises TokenNotFoundError', async () => {
    const operation = jest.fn(async () => 'done');
    const missing = p11.withSession('0000000000000000', hsm.factoryPin, operation);
    await expect(missing).rejects.toBeInstanceOf(TokenNotFoundError);
    await expect(missing).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    expect(operation).not.toHaveBeenCalled();
  });
});

describe('TokenLocks', () => {
  function gate(): { opened: Promise<void>; open: () => void } {
    let open = () => {};
    const opened = new Promise<void>((resolve) => {
      open = resolve;
    });
    return { opened, open };
  }

  test('runs operations on one token one after another, and other tokens in parallel; idle once all finished', async () => {
    const locks = new TokenLocks();
    const events: string[] = [];
    expect(locks.idle()).toBe(true);
    const firstMayFinish = gate();
    const first = locks.run('A', async () => {
      events.push('A1 start');
      await firstMayFinish.opened;
      events.push('A1 end');
    });
    const second = locks.run('A', async () => {
      events.push('A2');
    });
    await locks.run('B', async () => {
      events.push('B1');
    });
    expect(events).toEqual(['A1 start', 'B1']);
    expect(locks.idle()).toBe(false);

    firstMayFinish.open();
    await Promise.all([first, second]);
    expect(events).toEqual(['A1 start', 'B1', 'A1 end', 'A2']);
    expect(locks.idle()).toBe(true);
  });

  test('a failed operation passes its error on and does not hold up the next one on that token', async () => {
    const locks = new TokenLocks();
    const failed = locks.run('A', async () => {
      throw new Error('token removed');
    });
    const next = locks.run('A', async () => 'next ran');
    await expect(failed).rejects.toThrow('token removed');
    await expect(next).resolves.toBe('next ran');
  });
});

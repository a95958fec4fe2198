/**
 * The signing agent as it runs on a UKey holder's machine: `agent/main.ts` in its own process over a real
 * SoftHSM2, called over HTTP on 127.0.0.1 as a web page would. It signs a login challenge with the PIN
 * typed; it refuses untrusted origins, rebound host names and anything that is not a login challenge;
 * wrong PINs count, say how many attempts are left and lock the UKey, across restarts, until the SO PIN
 * unlocks it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey, randomBytes, verify, X509Certificate } from 'node:crypto';
import { caLockLoginMessage } from '../../contracts/ca-lock';
import { BuiltinCa } from '../../integrations/ca/builtin-ca';
import { certificateSummary } from '../../integrations/ca/x509';
import { buildCsr } from '../../integrations/token/csr';
import { Pkcs11Module } from '../../integrations/token/pkcs11';
import { agentCall, type AgentCallOptions } from '../support/agent';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

const ROOT = path.join(__dirname, '..', '..');
const ORIGIN = 'http://localhost:3000';
const LIMIT = 3;
const PIN = '246810';

let hsm: TestSoftHsm;
let p11: Pkcs11Module;
let agent: { process: ChildProcess; url: URL };
/** Tokens by the part they play: each holds a certificate (its user PIN set to PIN) except `blank`. */
let tokens: { good: string; counted: string; locked: string; blank: string };
let certificates: Record<string, Buffer>;

/** A login challenge as the API issues it. */
const challenge = () => randomBytes(32).toString('base64url');

/** Starts `npm run agent`'s program on a free port; resolves once it says where it listens. */
async function startAgent(): Promise<{ process: ChildProcess; url: URL }> {
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['agent/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SOFTHSM2_CONF: hsm.conf,
      PKCS11_MODULE: hsm.modulePath,
      AGENT_PORT: '0',
      AGENT_TRUSTED_ORIGINS: ORIGIN,
      TOKEN_PIN_ATTEMPTS: String(LIMIT),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /agent listening on (\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`the agent exited (${code}) before listening: ${out}`)));
  });
  return { process: child, url: new URL(url) };
}

async function stopAgent(): Promise<void> {
  if (agent.process.exitCode !== null) return;
  agent.process.kill('SIGTERM');
  await once(agent.process, 'exit');
}

/** One request to the agent, from the trusted origin unless `opts.origin` says otherwise. */
const call = (method: string, route: string, opts: Partial<AgentCallOptions> = {}) =>
  agentCall(agent.url, method, route, { ...opts, origin: opts.origin === undefined ? ORIGIN : opts.origin });

const sign = (serial: string, body: unknown, origin?: string | null) =>
  call('POST', `/v1/tokens/${serial}/login-signature`, { body, origin });
const listed = async (serial: string) =>
  (await call('GET', '/v1/tokens')).body.items.find((t: { serial: string }) => t.serial === serial);

/** The token's state as the test's own module reads it from the token files (re-read first). */
function onToken(serial: string) {
  p11.reload();
  return p11.inspect(serial);
}

beforeAll(async () => {
  hsm = await createSoftHsm(4);
  p11 = Pkcs11Module.open(hsm.modulePath, { pinAttemptLimit: LIMIT });
  const [good, counted, locked, blank] = hsm.serials;
  tokens = { good, counted, locked, blank };
  // Three UKeys as production leaves them: key pair, certificate from a CA, user PIN changed.
  const ca = await BuiltinCa.open({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'agent-ca-')) });
  certificates = {};
  for (const serial of [good, counted, locked]) {
    certificates[serial] = await p11.withSession(serial, hsm.factoryPin, async (s) => {
      const id = Buffer.from('0a0b', 'hex');
      const { spki } = await s.generateRsaKeyPair(id, 'UKey');
      const subject = { organizationName: '浙江测试建设有限公司', creditCode: '91330702MA2E0X0X0X' };
      const csr = await buildCsr({
        subject: { ...subject, commonName: subject.organizationName },
        spki,
        sign: (tbs) => s.sign(id, tbs),
      });
      const { der } = await ca.issue({ csrDer: csr, subject, validityYears: 1 });
      s.writeCertificate(id, 'UKey certificate', der);
      s.setPin(hsm.factoryPin, PIN);
      return der;
    });
  }
  agent = await startAgent();
});

afterAll(async () => {
  if (agent) await stopAgent();
  p11?.close();
  await hsm?.cleanup();
});

describe('what a trusted page may do', () => {
  test('the agent listens on the loopback address only', () => {
    expect(agent.url.hostname).toBe('127.0.0.1');
  });

  test('lists the UKeys plugged in: serial, label, model, certificate, attempts left, locked', async () => {
    const status = await call('GET', '/v1');
    expect(status.body).toEqual({ name: expect.any(String), version: 1, pinAttemptLimit: LIMIT });
    const res = await call('GET', '/v1/tokens');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.body.items.map((t: { serial: string }) => t.serial).sort()).toEqual([...hsm.serials].sort());
    expect(res.body.items.find((t: { serial: string }) => t.serial === tokens.good)).toEqual({
      serial: tokens.good,
      label: expect.stringMatching(/^TEST-\d+$/),
      model: 'SoftHSM v2',
      manufacturer: 'SoftHSM project',
      hasCertificate: true,
      pinLocked: false,
      pinAttemptsLeft: LIMIT,
    });
    expect(await listed(tokens.blank)).toMatchObject({ hasCertificate: false });
  });

  test('shows the certificate on a UKey without its PIN', async () => {
    const res = await call('GET', `/v1/tokens/${tokens.good}/certificate`);
    expect(res.status).toBe(200);
    const summary = certificateSummary(certificates[tokens.good]);
    expect(res.body).toEqual({
      tokenSerial: tokens.good,
      certificate: certificates[tokens.good].toString('base64'),
      serial: summary.serialHex,
      subject: summary.subjectDn,
      issuer: summary.issuerDn,
      notBefore: summary.notBefore.toISOString(),
      notAfter: summary.notAfter.toISOString(),
    });
    const blank = await call('GET', `/v1/tokens/${tokens.blank}/certificate`);
    expect(blank.status).toBe(409);
    expect(blank.body.error).toMatchObject({ code: 'NO_CERTIFICATE', message: { zh: expect.any(String) } });
    const missing = await call('GET', '/v1/tokens/0000000000000000/certificate');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('TOKEN_NOT_FOUND');
  });

  test('signs a login challenge with the UKey: the domain-separated message, verifiable with its certificate', async () => {
    const nonce = challenge();
    const res = await sign(tokens.good, { nonce, pin: PIN });
    expect(res.status).toBe(200);
    const message = caLockLoginMessage(ORIGIN, nonce);
    expect(res.body).toEqual({
      tokenSerial: tokens.good,
      origin: ORIGIN,
      message,
      signature: expect.any(String),
      certificate: certificates[tokens.good].toString('base64'),
    });
    const key = createPublicKey(
      new X509Certificate(certificates[tokens.good]).publicKey.export({ format: 'pem', type: 'spki' }),
    );
    expect(verify('sha256', Buffer.from(message, 'utf8'), key, Buffer.from(res.body.signature, 'base64'))).toBe(true);
    // The bare challenge was not what was signed: the signature serves this login only.
    expect(verify('sha256', Buffer.from(nonce, 'utf8'), key, Buffer.from(res.body.signature, 'base64'))).toBe(false);
  });

  test('answers the preflight of its trusted origin, Private Network Access included, without credentials', async () => {
    const res = await call('OPTIONS', `/v1/tokens/${tokens.good}/login-signature`, {
      headers: {
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
        'access-control-request-private-network': 'true',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers).toMatchObject({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'content-type',
      'access-control-allow-private-network': 'true',
    });
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});

describe('what it refuses', () => {
  test('a page of another origin, or a request without an origin, gets nothing (not even CORS headers)', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:3001', 'null', null]) {
      for (const res of [
        await call('GET', '/v1/tokens', { origin }),
        await call('GET', `/v1/tokens/${tokens.good}/certificate`, { origin }),
        await sign(tokens.good, { nonce: challenge(), pin: PIN }, origin),
        await call('OPTIONS', '/v1/tokens', { origin, headers: { 'access-control-request-method': 'GET' } }),
      ]) {
        expect(res.status).toBe(403);
        expect(res.body.error).toMatchObject({
          code: 'ORIGIN_NOT_TRUSTED',
          message: { zh: expect.any(String), en: expect.any(String) },
        });
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
      }
    }
    expect(await listed(tokens.good)).toMatchObject({ pinAttemptsLeft: LIMIT });
  });

  test('a request addressed to another host name (DNS rebinding) or port is refused', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${agent.url.port}`,
      `127.0.0.2:${agent.url.port}`,
      '127.0.0.1:1',
    ]) {
      const res = await call('GET', '/v1/tokens', { host });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('HOST_NOT_ALLOWED');
    }
    expect((await call('GET', '/v1/tokens', { host: `localhost:${agent.url.port}` })).status).toBe(200);
  });

  test('it signs nothing but a login challenge, and refuses before the PIN is tried', async () => {
    const notChallenges = [
      '付款 10000 元给某某公司',
      'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
      `${challenge()}x`,
      `${challenge()}\nnonce=${challenge()}`,
      randomBytes(32).toString('hex'),
    ];
    for (const nonce of notChallenges) {
      const res = await sign(tokens.good, { nonce, pin: '000000' });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([
        expect.objectContaining({ field: 'nonce', code: 'not_a_login_challenge' }),
      ]);
    }
    const extra = await sign(tokens.good, { nonce: challenge(), pin: '000000', data: 'sign me' });
    expect(extra.status).toBe(400);
    expect(extra.body.error.fields).toEqual([expect.objectContaining({ field: 'data', code: 'additionalProperties' })]);
    const noPin = await sign(tokens.good, { nonce: challenge() });
    expect(noPin.body.error.fields).toEqual([expect.objectContaining({ field: 'pin', code: 'required' })]);
    // A token without a certificate cannot log in: refused before its PIN is tried.
    const blank = await sign(tokens.blank, { nonce: challenge(), pin: '000000' });
    expect(blank.status).toBe(409);
    expect(blank.body.error.code).toBe('NO_CERTIFICATE');
    expect(await listed(tokens.blank)).toMatchObject({ pinAttemptsLeft: LIMIT });
    // None of the refused requests tried a PIN.
    expect(await listed(tokens.good)).toMatchObject({ pinAttemptsLeft: LIMIT });
    expect(onToken(tokens.good).pinFailures).toBe(0);
  });
});

describe('wrong PINs', () => {
  test('each wrong PIN counts and says how many attempts are left; the right PIN clears the count', async () => {
    const first = await sign(tokens.counted, { nonce: challenge(), pin: '000000' });
    expect(first.status).toBe(400);
    expect(first.body.error).toEqual({
      code: 'PIN_INCORRECT',
      message: { zh: `PIN 码不正确，还可尝试 ${LIMIT - 1} 次`, en: `Wrong PIN; ${LIMIT - 1} attempts left` },
      fields: [expect.objectContaining({ field: 'pin', code: 'wrong' })],
      attemptsLeft: LIMIT - 1,
    });
    const second = await sign(tokens.counted, { nonce: challenge(), pin: '111111' });
    expect(second.body.error).toMatchObject({ code: 'PIN_INCORRECT', attemptsLeft: LIMIT - 2 });
    expect(second.body.error.message.en).toBe('Wrong PIN; 1 attempt left');
    expect(await listed(tokens.counted)).toMatchObject({ pinAttemptsLeft: LIMIT - 2, pinLocked: false });

    expect((await sign(tokens.counted, { nonce: challenge(), pin: PIN })).status).toBe(200);
    expect(await listed(tokens.counted)).toMatchObject({ pinAttemptsLeft: LIMIT, pinLocked: false });
  });

  test('the limit locks the UKey: then even the right PIN is refused, and it is not tried', async () => {
    for (let left = LIMIT - 1; left > 0; left--)
      expect((await sign(tokens.locked, { nonce: challenge(), pin: '000000' })).body.error.attemptsLeft).toBe(left);
    const last = await sign(tokens.locked, { nonce: challenge(), pin: '000000' });
    expect(last.status).toBe(409);
    expect(last.body.error).toMatchObject({ code: 'PIN_LOCKED', attemptsLeft: 0 });
    expect(await listed(tokens.locked)).toMatchObject({ pinLocked: true, pinAttemptsLeft: 0 });
    expect(onToken(tokens.locked).userPinCountLow).toBe(true);

    const right = await sign(tokens.locked, { nonce: challenge(), pin: PIN });
    expect(right.status).toBe(409);
    expect(right.body.error).toEqual({
      code: 'PIN_LOCKED',
      message: { zh: expect.stringContaining('已锁定'), en: expect.stringContaining('locked') },
      attemptsLeft: 0,
    });
    // SoftHSM2 clears CKF_USER_PIN_COUNT_LOW on a successful login: still set, so the right PIN never reached it.
    expect(onToken(tokens.locked)).toMatchObject({ userPinCountLow: true, pinFailures: LIMIT });
  });

  test('a restarted agent still counts: the locked UKey stays locked, the others keep their count', async () => {
    expect((await sign(tokens.counted, { nonce: challenge(), pin: '000000' })).body.error.attemptsLeft).toBe(LIMIT - 1);
    await stopAgent();
    agent = await startAgent();
    expect(await listed(tokens.locked)).toMatchObject({ pinLocked: true, pinAttemptsLeft: 0 });
    expect(await listed(tokens.counted)).toMatchObject({ pinLocked: false, pinAttemptsLeft: LIMIT - 1 });
    expect((await sign(tokens.locked, { nonce: challenge(), pin: PIN })).body.error.code).toBe('PIN_LOCKED');
    expect((await sign(tokens.counted, { nonce: challenge(), pin: '000000' })).body.error.attemptsLeft).toBe(LIMIT - 2);
  });

  test('npm run tokens:unlock with the SO PIN sets a new PIN and clears the count; the agent signs with it', async () => {
    const newPin = '135790';
    const unlock = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/tokens.ts', 'unlock', '--serial', tokens.locked, '--new-pin', newPin],
      { cwd: ROOT, env: { ...process.env, SOFTHSM2_CONF: hsm.conf, PKCS11_MODULE: hsm.modulePath }, encoding: 'utf8' },
    );
    expect(unlock.status).toBe(0);
    expect(await listed(tokens.locked)).toMatchObject({ pinLocked: false, pinAttemptsLeft: LIMIT });
    expect((await sign(tokens.locked, { nonce: challenge(), pin: PIN })).body.error.attemptsLeft).toBe(LIMIT - 1);
    expect((await sign(tokens.locked, { nonce: challenge(), pin: newPin })).status).toBe(200);
  });
});

/** A private SoftHSM2 (config and token folder under the temp dir) per test file, with blank tokens. */
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { ensureSoftHsmConfig, initBlankTokens, softHsmModulePath, TOKEN_DEFAULTS } from '../../scripts/tokens';

/** A test file's SoftHSM2. */
export interface TestSoftHsm {
  conf: string;
  dir: string;
  /** Serials of the blank tokens made at creation. */
  serials: string[];
  modulePath: string;
  factoryPin: string;
  /** Initialises more blank tokens; returns their serials. */
  addTokens(count: number): string[];
  /**
   * Sets CKF_USER_PIN_LOCKED in a token's stored flags (SoftHSM2 itself never locks a PIN, and reports
   * but does not enforce the flag); an open module sees it after `reload()`.
   */
  lockUserPin(serial: string): void;
  cleanup(): Promise<void>;
}

/** SoftHSM2's attribute holding the token flags (CKA_VENDOR_DEFINED + 0x534B), as its file store writes it: type, then kind 2 (unsigned long). */
const FLAGS_ATTRIBUTE = Buffer.from('000000008000534b0000000000000002', 'hex');
const CKF_USER_PIN_LOCKED = 0x40000n;

/**
 * Sets an environment variable of the real process: jest hands each test file a copy of process.env,
 * while a native module (SoftHSM2 at C_Initialize) reads the real one, which a SHARE_ENV worker writes.
 */
async function setProcessEnv(name: string, value: string | undefined): Promise<void> {
  const worker = new Worker(
    'const [name, value] = require("node:worker_threads").workerData; if (value === undefined) delete process.env[name]; else process.env[name] = value;',
    { eval: true, env: SHARE_ENV, workerData: [name, value] },
  );
  const [exitCode] = await once(worker, 'exit');
  if (exitCode !== 0) throw new Error(`could not set ${name} (worker exit ${exitCode})`);
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** Creates the config and `count` blank tokens, and points SOFTHSM2_CONF at it; open the module after this. */
export async function createSoftHsm(count: number): Promise<TestSoftHsm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'softhsm-'));
  const conf = ensureSoftHsmConfig(dir);
  const previous = process.env.SOFTHSM2_CONF;
  await setProcessEnv('SOFTHSM2_CONF', conf);
  const addTokens = (n: number) =>
    initBlankTokens({
      conf,
      count: n,
      labelPrefix: 'TEST-',
      soPin: TOKEN_DEFAULTS.soPin,
      pin: TOKEN_DEFAULTS.factoryPin,
    });
  return {
    conf,
    dir,
    serials: addTokens(count),
    modulePath: softHsmModulePath(),
    factoryPin: TOKEN_DEFAULTS.factoryPin,
    addTokens,
    lockUserPin(serial) {
      const tokens = path.join(dir, 'tokens');
      const file = fs
        .readdirSync(tokens)
        .map((d) => path.join(tokens, d, 'token.object'))
        .find((f) => fs.existsSync(f) && fs.readFileSync(f).includes(serial));
      if (!file) throw new Error(`no SoftHSM2 token ${serial} in ${tokens}`);
      const store = fs.readFileSync(file);
      const at = store.indexOf(FLAGS_ATTRIBUTE) + FLAGS_ATTRIBUTE.length;
      if (at < FLAGS_ATTRIBUTE.length) throw new Error(`token flags not found in ${file}`);
      store.writeBigUInt64BE(store.readBigUInt64BE(at) | CKF_USER_PIN_LOCKED, at);
      fs.writeFileSync(file, store);
    },
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
      await setProcessEnv('SOFTHSM2_CONF', previous);
    },
  };
}

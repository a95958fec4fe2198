/**
 * SoftHSM2 tokens for development and tests: a config and token folder, and blank tokens in it; and
 * unlocking a token locked after too many wrong PINs (any PKCS#11 module). Usage below (USAGE).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pkcs11Module } from '../integrations/token/pkcs11';
import { markTokensChanged } from '../integrations/token/token-folder';
import { ROOT } from './tools';

/** Defaults of the blank tokens made here. */
export const TOKEN_DEFAULTS = {
  dir: path.join(ROOT, 'data', 'softhsm'),
  labelPrefix: 'UKEY-',
  soPin: '87654321',
  factoryPin: '12345678',
};

/** Where the SoftHSM2 PKCS#11 module is usually installed (Debian, Ubuntu multiarch, /usr/local, Homebrew). */
const MODULE_CANDIDATES = [
  '/usr/lib/softhsm/libsofthsm2.so',
  '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so',
  '/usr/local/lib/softhsm/libsofthsm2.so',
  '/opt/homebrew/lib/softhsm/libsofthsm2.so',
];

/** Path of the SoftHSM2 module: PKCS11_MODULE, else the first usual location that exists. */
export function softHsmModulePath(): string {
  const found = process.env.PKCS11_MODULE ?? MODULE_CANDIDATES.find((p) => fs.existsSync(p));
  if (!found)
    throw new Error(
      'SoftHSM2 is not installed (no libsofthsm2.so): install the Debian package softhsm2, or set PKCS11_MODULE.',
    );
  return found;
}

/** Makes sure `<dir>/softhsm2.conf` and `<dir>/tokens` exist; returns the config path (for SOFTHSM2_CONF). */
export function ensureSoftHsmConfig(dir: string): string {
  const tokens = path.resolve(dir, 'tokens');
  fs.mkdirSync(tokens, { recursive: true, mode: 0o700 });
  const conf = path.resolve(dir, 'softhsm2.conf');
  const body = `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`;
  if (!fs.existsSync(conf) || fs.readFileSync(conf, 'utf8') !== body) fs.writeFileSync(conf, body, { mode: 0o600 });
  return conf;
}

function softhsm2Util(conf: string, args: string[]): string {
  const r = spawnSync('softhsm2-util', args, { encoding: 'utf8', env: { ...process.env, SOFTHSM2_CONF: conf } });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(
      'softhsm2-util is missing: install the Debian package softhsm2 (as root: npm run tools -- packages).',
    );
  }
  if (r.error) throw r.error;
  if (r.status !== 0)
    throw new Error(`softhsm2-util ${args[0]} failed (exit ${r.status}): ${r.stderr.trim() || r.stdout.trim()}`);
  return r.stdout;
}

/** The initialised tokens under `conf`, by serial and label. */
function tokensOf(conf: string): { serial: string; label: string }[] {
  return softhsm2Util(conf, ['--show-slots'])
    .split(/^Slot /m)
    .map((block) => ({
      serial: /Serial number:[ \t]*(\S*)/.exec(block)?.[1] ?? '',
      label: /Label:[ \t]*(.*)$/m.exec(block)?.[1].trim() ?? '',
    }))
    .filter((t) => t.serial !== '');
}

/** Initialises `count` new blank tokens labelled `<labelPrefix><n>` (numbers continue after existing ones); returns their serials. */
export function initBlankTokens(opts: {
  conf: string;
  count: number;
  labelPrefix: string;
  soPin: string;
  pin: string;
}): string[] {
  const existing = tokensOf(opts.conf);
  const numbered = new RegExp(`^${opts.labelPrefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\d+)$`);
  const last = Math.max(0, ...existing.map((t) => Number(numbered.exec(t.label)?.[1] ?? 0)));
  for (let n = last + 1; n <= last + opts.count; n++) {
    softhsm2Util(opts.conf, [
      '--init-token',
      '--free',
      '--label',
      `${opts.labelPrefix}${n}`,
      '--so-pin',
      opts.soPin,
      '--pin',
      opts.pin,
    ]);
  }
  const before = new Set(existing.map((t) => t.serial));
  return tokensOf(opts.conf)
    .filter((t) => !before.has(t.serial))
    .map((t) => t.serial);
}

/** Usage of this script. */
const USAGE = [
  'usage: tsx scripts/tokens.ts blank --count <n> [--dir <dir>] [--label-prefix <p>] [--so-pin <pin>] [--pin <factory pin>]',
  '       tsx scripts/tokens.ts unlock --serial <serial> --new-pin <pin> [--so-pin <pin>] [--dir <dir>]',
].join('\n');

/**
 * 解锁 a UKey locked after too many wrong PINs, as a CA desk does: the security officer's PIN (`--so-pin`,
 * else TOKEN_SO_PIN, else the SoftHSM2 default) sets a new user PIN and clears the count of wrong PINs.
 * The module is PKCS11_MODULE, else SoftHSM2 (its tokens in `dir`, unless SOFTHSM2_CONF names them);
 * running SoftHSM2 stations and agents re-read the token when they next look for tokens.
 */
export function unlockToken(opts: { serial: string; newPin: string; soPin: string; dir: string }): void {
  const modulePath = softHsmModulePath();
  if (/softhsm/i.test(modulePath) && !process.env.SOFTHSM2_CONF) {
    const conf = path.resolve(opts.dir, 'softhsm2.conf');
    if (!fs.existsSync(conf)) throw new Error(`no SoftHSM2 tokens in ${opts.dir} (no softhsm2.conf)`);
    process.env.SOFTHSM2_CONF = conf;
  }
  const module = Pkcs11Module.open(modulePath);
  try {
    module.unlockUserPin(opts.serial, opts.soPin, opts.newPin);
  } finally {
    module.close();
  }
  markTokensChanged(process.env.SOFTHSM2_CONF);
}

function main(): void {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      count: { type: 'string' },
      dir: { type: 'string', default: TOKEN_DEFAULTS.dir },
      'label-prefix': { type: 'string', default: TOKEN_DEFAULTS.labelPrefix },
      'so-pin': { type: 'string', default: process.env.TOKEN_SO_PIN ?? TOKEN_DEFAULTS.soPin },
      pin: { type: 'string', default: TOKEN_DEFAULTS.factoryPin },
      serial: { type: 'string' },
      'new-pin': { type: 'string' },
    },
  });
  const usage = () => {
    console.error(USAGE);
    process.exit(2);
  };
  if (positionals[0] === 'unlock') {
    if (!values.serial || !values['new-pin']) return usage();
    unlockToken({ serial: values.serial, newPin: values['new-pin'], soPin: values['so-pin'], dir: values.dir });
    console.error(`[tokens] ${values.serial} unlocked: new user PIN set, wrong-PIN count cleared`);
    return;
  }
  const count = Number(values.count);
  if (positionals[0] !== 'blank' || !Number.isInteger(count) || count < 1) return usage();
  const conf = ensureSoftHsmConfig(values.dir);
  const serials = initBlankTokens({
    conf,
    count,
    labelPrefix: values['label-prefix'],
    soPin: values['so-pin'],
    pin: values.pin,
  });
  for (const serial of serials) console.log(serial);
  console.error(
    `[tokens] ${serials.length} blank token(s) in ${path.dirname(conf)}; the station reads them with SOFTHSM2_CONF=${conf}`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(`[tokens] ${(e as Error).message}`);
    process.exit(1);
  }
}

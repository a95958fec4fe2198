/**
 * The one typed configuration of the product, read from environment variables (see `.env.example`).
 * A missing or malformed value stops start-up with a message naming the variable.
 */
import path from 'node:path';
import { isRole, type Role } from '../domain/roles';
import { isLandline } from '../domain/validators';
import { DEFAULT_PIN_ATTEMPT_LIMIT } from '../contracts/station';

/** Where the product runs: `production` disables every development convenience. */
export type NodeEnv = 'development' | 'test' | 'production';

/** Everything the API, the workers and the scripts read from the environment. */
export interface Config {
  nodeEnv: NodeEnv;
  logLevel: string;
  http: {
    host: string;
    port: number;
    publicUrl: string;
    trustProxy: boolean;
    corsOrigins: string[];
    rateLimitFactor: number;
  };
  dataDir: string;
  /** PostgreSQL URL; `null` selects the embedded PGlite database under `dataDir`. */
  databaseUrl: string | null;
  pgliteDir: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: {
      certPath: string | null;
      keyPath: string | null;
      caPath: string | null;
      serverName: string | null;
      enabled: boolean;
    };
    apiKey: string | null;
    /** Web UI address shown to operators, if any. */
    uiUrl: string | null;
  };
  /** AES-256-GCM keys of the payload codec; `activeKeyId` encrypts, every key decrypts. */
  codec: { keys: Record<string, Buffer>; activeKeyId: string };
  /** Key of the short-lived secret store (PIN and code references). */
  secretStoreKey: Buffer;
  auth: {
    sessionTtlMs: number;
    captchaTestAnswer: string | null;
    captchaTtlMs: number;
    loginMaxFailures: number;
    loginLockMs: number;
    /** Where browsers reach the UKey signing agent for 使用CA锁登录 (loopback of the holder's computer). */
    caAgentUrl: string;
    bootstrapAdminLogin: string | null;
    bootstrapAdminPassword: string | null;
    /** Signing in with a one-time code by SMS or email: its life, tries, and the limits on sending. */
    signInCode: {
      ttlMs: number;
      maxTries: number;
      resendIntervalMs: number;
      perHour: number;
      perSourcePerHour: number;
    };
  };
  tasks: { remindAfterMs: number; escalateAfterMs: number; escalationRole: Role };
  accounts: { activationTtlMs: number; resetTtlMs: number; resendIntervalMs: number; resendPerDay: number };
  /** `reviewPhone`: the centre's number for the phone review after a submission (电话联系审核). */
  registration: { correctionWindowMs: number; reviewPhone: string };
  uploads: { dir: string; maxBytes: number };
  orders: {
    paymentWindowMs: number;
    authCodeTtlMs: number;
    authCodeMaxFailures: number;
    productionWaitMs: number;
    reminderDays: number[];
    /** Receipt of dispatched UKeys is confirmed by itself this long after dispatch (DELIVERY_AUTO_CONFIRM_DAYS). */
    deliveryAutoConfirmMs: number;
    /** Days after expiry when a certificate may still be renewed (RENEWAL_GRACE_DAYS); after them a new order is needed. */
    renewalGraceDays: number;
  };
  /** The built-in CA: its folder (root key and certificate) or key and certificate files, and the CRL address. */
  ca: { dir: string; keyPath: string | null; certPath: string | null; crlUrl: string };
  payments: {
    provider: 'simulator' | 'alipay';
    simulatorDir: string;
    alipay: { appId: string; privateKeyPath: string; alipayPublicKeyPath: string; gateway: string } | null;
    /** 微信支付: the real API v3 (`WECHATPAY_*`), the simulator (development default), or not offered. */
    wechatpayProvider: 'simulator' | 'wechatpay' | 'off';
    wechatpay: {
      mchId: string;
      appId: string;
      /** Serial number of the merchant API certificate. */
      merchantSerial: string;
      privateKeyPath: string;
      /** A file holding the 32-character APIv3 key (never the key itself in the environment). */
      apiV3KeyPath: string;
      /** The platform certificate or WeChat Pay public key, PEM. */
      platformKeyPath: string;
      /** The public key's ID (`PUB_KEY_ID_…`); not needed for a platform certificate. */
      platformKeyId: string | null;
      baseUrl: string;
    } | null;
    /** The vendor's account applicants pay a 银行汇款 into (户名, 开户行, 账号). */
    bankAccount: { name: string; bank: string; number: string };
  };
  /** This process's token station, when it runs one. */
  station: {
    id: string;
    name: string;
    modulePath: string;
    factoryPin: string;
    /** The tokens' security-officer PIN (TOKEN_SO_PIN): a renewal sets the order's initial PIN with it; null: no renewals here. */
    soPin: string | null;
    softhsmDir: string;
    blankTokens: number;
    /** Wrong user PINs in a row that lock a token (counted on the token; SoftHSM2 never locks by itself). */
    pinAttemptLimit: number;
  };
  documents: { cjkFont: string | null };
  sms: {
    provider: 'outbox' | 'aliyun';
    aliyun: {
      accessKeyId: string;
      accessKeySecret: string;
      signName: string;
      endpoint: string;
      templates: Record<string, string>;
    } | null;
  };
  email: { provider: 'outbox' | 'smtp'; smtpUrl: string | null; from: string };
  /** The development-only outbox endpoint is served. */
  devOutbox: boolean;
}

/** Raised when the environment does not describe a runnable configuration. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DURATION = /^(\d+)\s*(ms|s|m|h|d)$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `15m`, `4h`, `2d` or plain milliseconds. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const m = DURATION.exec(trimmed);
  return m ? Number(m[1]) * UNIT_MS[m[2]] : null;
}

class Reader {
  constructor(private readonly env: Env) {}

  str(name: string, fallback?: string): string {
    const v = this.env[name];
    if (v === undefined || v.trim() === '') {
      if (fallback !== undefined) return fallback;
      throw new ConfigError(name, 'is required but not set');
    }
    return v.trim();
  }

  opt(name: string): string | null {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  }

  int(name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.opt(name);
    if (v === null) return fallback;
    if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be a whole number, got "${v}"`);
    const n = Number(v);
    if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.opt(name);
    if (v === null) return fallback;
    if (/^(1|true|yes)$/i.test(v)) return true;
    if (/^(0|false|no)$/i.test(v)) return false;
    throw new ConfigError(name, `must be true or false, got "${v}"`);
  }

  duration(name: string, fallback: string): number {
    const v = this.str(name, fallback);
    const ms = parseDuration(v);
    if (ms === null) throw new ConfigError(name, `must be a duration such as 90s, 15m, 4h or 2d, got "${v}"`);
    return ms;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const v = this.str(name, fallback);
    if (!(allowed as readonly string[]).includes(v))
      throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${v}"`);
    return v as T;
  }

  url(name: string, fallback?: string): string {
    const v = this.str(name, fallback);
    try {
      new URL(v);
    } catch {
      throw new ConfigError(name, `must be a URL, got "${v}"`);
    }
    return v;
  }
}

function key32(name: string, text: string): Buffer {
  const buf = Buffer.from(text, 'base64');
  if (buf.length !== 32)
    throw new ConfigError(name, 'must hold 32 bytes encoded in base64 (for example `openssl rand -base64 32`)');
  return buf;
}

function readPayments(r: Reader, dataDir: string, prod: boolean): Config['payments'] {
  const provider = r.oneOf('PAYMENT_PROVIDER', ['simulator', 'alipay'] as const, 'simulator');
  if (provider === 'simulator' && prod)
    throw new ConfigError('PAYMENT_PROVIDER', 'must be "alipay" in production (the simulator is for development)');
  return {
    provider,
    simulatorDir: path.resolve(r.str('PAYMENT_SIMULATOR_DIR', path.join(dataDir, 'payment-simulator'))),
    alipay:
      provider === 'alipay'
        ? {
            appId: r.str('ALIPAY_APP_ID'),
            privateKeyPath: r.str('ALIPAY_PRIVATE_KEY_PATH'),
            alipayPublicKeyPath: r.str('ALIPAY_PUBLIC_KEY_PATH'),
            gateway: r.url('ALIPAY_GATEWAY', 'https://openapi.alipay.com/gateway.do'),
          }
        : null,
    ...readWechatPay(r, prod),
    bankAccount: {
      name: r.str('BANK_ACCOUNT_NAME', '杭州天谷信息科技有限公司'),
      bank: r.str('BANK_ACCOUNT_BANK', '平安银行杭州高新支行'),
      number: r.str('BANK_ACCOUNT_NUMBER', '11003491675701'),
    },
  };
}

function readWechatPay(r: Reader, prod: boolean): Pick<Config['payments'], 'wechatpayProvider' | 'wechatpay'> {
  if (r.opt('WECHATPAY_MCH_ID') === null) return { wechatpayProvider: prod ? 'off' : 'simulator', wechatpay: null };
  return {
    wechatpayProvider: 'wechatpay',
    wechatpay: {
      mchId: r.str('WECHATPAY_MCH_ID'),
      appId: r.str('WECHATPAY_APP_ID'),
      merchantSerial: r.str('WECHATPAY_MERCHANT_SERIAL'),
      privateKeyPath: r.str('WECHATPAY_PRIVATE_KEY_PATH'),
      apiV3KeyPath: r.str('WECHATPAY_APIV3_KEY_PATH'),
      platformKeyPath: r.str('WECHATPAY_PLATFORM_KEY_PATH'),
      platformKeyId: r.opt('WECHATPAY_PLATFORM_KEY_ID'),
      baseUrl: r.url('WECHATPAY_BASE_URL', 'https://api.mch.weixin.qq.com'),
    },
  };
}

function readDays(r: Reader, name: string, fallback: string): number[] {
  const text = r.str(name, fallback);
  const days = text.split(',').map((d) => d.trim());
  if (!days.every((d) => /^\d{1,3}$/.test(d) && Number(d) > 0))
    throw new ConfigError(name, `must be a comma-separated list of days, e.g. 30,7,1; got "${text}"`);
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

function readRole(r: Reader, name: string, fallback: Role): Role {
  const v = r.str(name, fallback);
  if (!isRole(v)) throw new ConfigError(name, `must name a role of the product, got "${v}"`);
  return v;
}

/** Reads `CODEC_KEYS` = `id1:base64,id2:base64`; the active key is `CODEC_ACTIVE_KEY_ID` or the first. */
function readCodec(r: Reader): Config['codec'] {
  const raw = r.str('CODEC_KEYS');
  const keys: Record<string, Buffer> = {};
  for (const part of raw.split(',')) {
    const i = part.indexOf(':');
    if (i <= 0) throw new ConfigError('CODEC_KEYS', 'must be a comma-separated list of keyId:base64Key');
    const id = part.slice(0, i).trim();
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new ConfigError('CODEC_KEYS', `has an invalid key id "${id}"`);
    keys[id] = key32('CODEC_KEYS', part.slice(i + 1).trim());
  }
  const activeKeyId = r.str('CODEC_ACTIVE_KEY_ID', Object.keys(keys)[0]);
  if (!keys[activeKeyId])
    throw new ConfigError('CODEC_ACTIVE_KEY_ID', `names key "${activeKeyId}", which CODEC_KEYS does not hold`);
  return { keys, activeKeyId };
}

function readSms(r: Reader, env: Env, nodeEnv: NodeEnv): Config['sms'] {
  const provider = r.oneOf('SMS_PROVIDER', ['outbox', 'aliyun'] as const, 'outbox');
  if (provider === 'outbox') {
    if (nodeEnv === 'production')
      throw new ConfigError('SMS_PROVIDER', 'must be "aliyun" in production (the outbox is for development)');
    return { provider, aliyun: null };
  }
  const templates: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^ALIYUN_SMS_TEMPLATE_([A-Z0-9_]+)$/.exec(k);
    if (m && v) templates[m[1].toLowerCase()] = v;
  }
  return {
    provider,
    aliyun: {
      accessKeyId: r.str('ALIYUN_SMS_ACCESS_KEY_ID'),
      accessKeySecret: r.str('ALIYUN_SMS_ACCESS_KEY_SECRET'),
      signName: r.str('ALIYUN_SMS_SIGN_NAME'),
      endpoint: r.str('ALIYUN_SMS_ENDPOINT', 'dysmsapi.aliyuncs.com'),
      templates,
    },
  };
}

/** A landline number (`0579-88894332`) from `name`. */
function readLandline(r: Reader, name: string, fallback: string): string {
  const value = r.str(name, fallback);
  if (!isLandline(value)) throw new ConfigError(name, 'must be a landline number such as 0579-88894332');
  return value;
}

/** Reads and validates the configuration; throws `ConfigError` naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const r = new Reader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const prod = nodeEnv === 'production';
  const dataDir = path.resolve(r.str('DATA_DIR', 'data'));
  const port = r.int('HTTP_PORT', 3000, 1, 65535);

  const captchaTestAnswer = r.opt('CAPTCHA_TEST_ANSWER');
  if (captchaTestAnswer !== null && prod)
    throw new ConfigError('CAPTCHA_TEST_ANSWER', 'must not be set when NODE_ENV=production');

  const emailProvider = r.oneOf('EMAIL_PROVIDER', ['outbox', 'smtp'] as const, 'outbox');
  if (emailProvider === 'outbox' && prod)
    throw new ConfigError('EMAIL_PROVIDER', 'must be "smtp" in production (the outbox is for development)');

  const certPath = r.opt('TEMPORAL_TLS_CERT_PATH');
  const keyPath = r.opt('TEMPORAL_TLS_KEY_PATH');
  if ((certPath === null) !== (keyPath === null)) {
    throw new ConfigError(
      certPath === null ? 'TEMPORAL_TLS_CERT_PATH' : 'TEMPORAL_TLS_KEY_PATH',
      'must be set together with its pair',
    );
  }
  const apiKey = r.opt('TEMPORAL_API_KEY');

  const remindAfterMs = r.duration('TASK_REMIND_AFTER', '2d');
  const escalateAfterMs = r.duration('TASK_ESCALATE_AFTER', '4d');
  if (escalateAfterMs <= remindAfterMs)
    throw new ConfigError('TASK_ESCALATE_AFTER', 'must be longer than TASK_REMIND_AFTER');

  const bootstrapAdminPassword = r.opt('BOOTSTRAP_ADMIN_PASSWORD');
  if (bootstrapAdminPassword !== null && bootstrapAdminPassword.length < 10 && prod) {
    throw new ConfigError('BOOTSTRAP_ADMIN_PASSWORD', 'must be at least 10 characters in production');
  }

  return {
    nodeEnv,
    logLevel: r.oneOf(
      'LOG_LEVEL',
      ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const,
      nodeEnv === 'test' ? 'warn' : 'info',
    ),
    http: {
      host: r.str('HTTP_HOST', '127.0.0.1'),
      port,
      publicUrl: r.url('PUBLIC_URL', `http://localhost:${port}`).replace(/\/$/, ''),
      trustProxy: r.bool('TRUST_PROXY', false),
      corsOrigins: (r.opt('CORS_ORIGINS') ?? 'http://localhost:8233')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      rateLimitFactor: r.int('RATE_LIMIT_FACTOR', 1, 1, 10_000),
    },
    dataDir,
    databaseUrl: r.opt('DATABASE_URL'),
    pgliteDir: path.resolve(r.str('PGLITE_DIR', path.join(dataDir, 'pglite'))),
    temporal: {
      address: r.str('TEMPORAL_ADDRESS', 'localhost:7233'),
      namespace: r.str('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: r.str('TEMPORAL_TASK_QUEUE', 'bpm'),
      tls: {
        certPath,
        keyPath,
        caPath: r.opt('TEMPORAL_TLS_CA_PATH'),
        serverName: r.opt('TEMPORAL_TLS_SERVER_NAME'),
        enabled: certPath !== null || apiKey !== null || r.bool('TEMPORAL_TLS', false),
      },
      apiKey,
      uiUrl: r.opt('TEMPORAL_UI_URL'),
    },
    codec: readCodec(r),
    secretStoreKey: key32('SECRET_STORE_KEY', r.str('SECRET_STORE_KEY')),
    auth: {
      sessionTtlMs: r.duration('SESSION_TTL', '12h'),
      captchaTestAnswer,
      captchaTtlMs: r.duration('CAPTCHA_TTL', '5m'),
      loginMaxFailures: r.int('LOGIN_MAX_FAILURES', 5, 1, 100),
      loginLockMs: r.duration('LOGIN_LOCK', '15m'),
      caAgentUrl: r
        .url('UKEY_AGENT_URL', `http://127.0.0.1:${r.int('AGENT_PORT', 0, 0, 65535) || 47310}`)
        .replace(/\/$/, ''),
      bootstrapAdminLogin: r.opt('BOOTSTRAP_ADMIN_LOGIN'),
      bootstrapAdminPassword,
      signInCode: {
        ttlMs: r.duration('SIGN_IN_CODE_TTL', '5m'),
        maxTries: r.int('SIGN_IN_CODE_TRIES', 5, 1, 20),
        resendIntervalMs: r.duration('SIGN_IN_CODE_INTERVAL', '60s'),
        perHour: r.int('SIGN_IN_CODES_PER_HOUR', 5, 1, 100),
        perSourcePerHour: r.int('SIGN_IN_CODES_PER_SOURCE_PER_HOUR', 20, 1, 10_000),
      },
    },
    tasks: { remindAfterMs, escalateAfterMs, escalationRole: readRole(r, 'TASK_ESCALATION_ROLE', 'supervisor') },
    accounts: {
      activationTtlMs: r.duration('ACTIVATION_TTL', '2d'),
      resetTtlMs: r.duration('PASSWORD_RESET_TTL', '1h'),
      resendIntervalMs: r.duration('ACCOUNT_MAIL_INTERVAL', '60s'),
      resendPerDay: r.int('ACCOUNT_MAILS_PER_DAY', 5, 1, 100),
    },
    registration: {
      correctionWindowMs: r.duration('REGISTRATION_CORRECTION_WINDOW', '30d'),
      reviewPhone: readLandline(r, 'REGISTRATION_REVIEW_PHONE', '0579-88894332'),
    },
    uploads: {
      dir: path.resolve(r.str('UPLOAD_DIR', path.join(dataDir, 'uploads'))),
      maxBytes: r.int('UPLOAD_MAX_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    },
    orders: {
      paymentWindowMs: r.duration('ORDER_PAYMENT_WINDOW', '30d'),
      authCodeTtlMs: r.duration('AUTH_CODE_TTL', '30d'),
      authCodeMaxFailures: r.int('AUTH_CODE_MAX_FAILURES', 5, 1, 20),
      productionWaitMs: r.duration('PRODUCTION_WAIT', '60s'),
      reminderDays: readDays(r, 'CERT_REMINDER_DAYS', '30,7,1'),
      deliveryAutoConfirmMs: r.int('DELIVERY_AUTO_CONFIRM_DAYS', 7, 1, 90) * 86_400_000,
      renewalGraceDays: r.int('RENEWAL_GRACE_DAYS', 30, 0, 365),
    },
    ca: {
      dir: path.resolve(r.str('CA_DIR', path.join(dataDir, 'ca'))),
      keyPath: r.opt('CA_KEY_PATH'),
      certPath: r.opt('CA_CERT_PATH'),
      crlUrl: r.url(
        'CA_CRL_URL',
        `${r.str('PUBLIC_URL', `http://localhost:${port}`).replace(/\/$/, '')}/api/v1/ca/crl`,
      ),
    },
    payments: readPayments(r, dataDir, prod),
    station: {
      id: r.str('STATION_ID', 'local'),
      name: r.str('STATION_NAME', '本地制证工作站 Local token station'),
      modulePath: r.str('PKCS11_MODULE', '/usr/lib/softhsm/libsofthsm2.so'),
      factoryPin: r.str('TOKEN_FACTORY_PIN', prod ? undefined : '12345678'),
      soPin: prod ? r.opt('TOKEN_SO_PIN') : r.str('TOKEN_SO_PIN', '87654321'),
      softhsmDir: path.resolve(r.str('SOFTHSM_DIR', path.join(dataDir, 'softhsm'))),
      blankTokens: r.int('STATION_BLANK_TOKENS', 4, 0, 100),
      pinAttemptLimit: r.int('TOKEN_PIN_ATTEMPTS', DEFAULT_PIN_ATTEMPT_LIMIT, 1, 15),
    },
    documents: { cjkFont: r.opt('PDF_CJK_FONT') },
    sms: readSms(r, env, nodeEnv),
    email: {
      provider: emailProvider,
      smtpUrl: emailProvider === 'smtp' ? r.url('SMTP_URL') : null,
      from: r.str('EMAIL_FROM', 'no-reply@localhost'),
    },
    devOutbox: !prod,
  };
}

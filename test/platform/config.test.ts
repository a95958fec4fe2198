/** Configuration: a bad or missing value stops start-up with a message naming the variable. */
import { ConfigError, loadConfig, parseDuration } from '../../platform/config';

const KEY = Buffer.alloc(32, 1).toString('base64');
const base = { CODEC_KEYS: `k1:${KEY}`, SECRET_STORE_KEY: KEY };

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).variable;
  }
  throw new Error('configuration was accepted');
}

test('the embedded defaults need only the two keys', () => {
  const c = loadConfig(base);
  expect(c).toMatchObject({
    nodeEnv: 'development',
    databaseUrl: null,
    http: { port: 3000 },
    temporal: { address: 'localhost:7233', namespace: 'default', taskQueue: 'bpm' },
  });
  expect(c.codec.activeKeyId).toBe('k1');
  expect(c.sms.provider).toBe('outbox');
  expect(c.devOutbox).toBe(true);
  expect(c.registration.reviewPhone).toBe('0579-88894332');
  expect(c.orders.deliveryAutoConfirmMs).toBe(7 * 86_400_000);
});

test('the sign-in page finds the signing agent at AGENT_PORT on 127.0.0.1 unless UKEY_AGENT_URL says otherwise', () => {
  expect(loadConfig(base).auth.caAgentUrl).toBe('http://127.0.0.1:47310');
  expect(loadConfig({ ...base, AGENT_PORT: '47400' }).auth.caAgentUrl).toBe('http://127.0.0.1:47400');
  expect(loadConfig({ ...base, UKEY_AGENT_URL: 'http://localhost:47311/' }).auth.caAgentUrl).toBe(
    'http://localhost:47311',
  );
});

test.each([
  [{ SECRET_STORE_KEY: KEY }, 'CODEC_KEYS'],
  [{ ...base, SECRET_STORE_KEY: 'c2hvcnQ=' }, 'SECRET_STORE_KEY'],
  [{ ...base, CODEC_KEYS: 'nocolon' }, 'CODEC_KEYS'],
  [{ ...base, CODEC_ACTIVE_KEY_ID: 'k9' }, 'CODEC_ACTIVE_KEY_ID'],
  [{ ...base, HTTP_PORT: 'abc' }, 'HTTP_PORT'],
  [{ ...base, HTTP_PORT: '70000' }, 'HTTP_PORT'],
  [{ ...base, NODE_ENV: 'staging' }, 'NODE_ENV'],
  [{ ...base, TASK_REMIND_AFTER: 'soon' }, 'TASK_REMIND_AFTER'],
  [{ ...base, TASK_REMIND_AFTER: '3d', TASK_ESCALATE_AFTER: '1d' }, 'TASK_ESCALATE_AFTER'],
  [{ ...base, TEMPORAL_TLS_CERT_PATH: '/x.pem' }, 'TEMPORAL_TLS_KEY_PATH'],
  [{ ...base, PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
  [{ ...base, UKEY_AGENT_URL: '127.0.0.1:47310' }, 'UKEY_AGENT_URL'],
  [{ ...base, SMS_PROVIDER: 'aliyun' }, 'ALIYUN_SMS_ACCESS_KEY_ID'],
  [{ ...base, EMAIL_PROVIDER: 'smtp' }, 'SMTP_URL'],
  [{ ...base, REGISTRATION_REVIEW_PHONE: '88894332' }, 'REGISTRATION_REVIEW_PHONE'],
  [{ ...base, DELIVERY_AUTO_CONFIRM_DAYS: '0' }, 'DELIVERY_AUTO_CONFIRM_DAYS'],
])('%j is refused, naming %s', (env, variable) => {
  expect(problem(env)).toBe(variable);
});

test('production refuses the test captcha and the development outboxes', () => {
  const prod = {
    ...base,
    NODE_ENV: 'production',
    SMS_PROVIDER: 'aliyun',
    ALIYUN_SMS_ACCESS_KEY_ID: 'id',
    ALIYUN_SMS_ACCESS_KEY_SECRET: 's',
    ALIYUN_SMS_SIGN_NAME: 'n',
    EMAIL_PROVIDER: 'smtp',
    SMTP_URL: 'smtp://mail.example.cn',
    PAYMENT_PROVIDER: 'alipay',
    ALIPAY_APP_ID: '2021000000000000',
    ALIPAY_PRIVATE_KEY_PATH: '/etc/bpm/alipay-app.key',
    ALIPAY_PUBLIC_KEY_PATH: '/etc/bpm/alipay.pem',
    TOKEN_FACTORY_PIN: '24681357',
  };
  expect(loadConfig(prod).devOutbox).toBe(false);
  expect(problem({ ...prod, CAPTCHA_TEST_ANSWER: '1234' })).toBe('CAPTCHA_TEST_ANSWER');
  expect(problem({ ...prod, SMS_PROVIDER: 'outbox' })).toBe('SMS_PROVIDER');
  expect(problem({ ...prod, EMAIL_PROVIDER: 'outbox' })).toBe('EMAIL_PROVIDER');
  expect(problem({ ...prod, PAYMENT_PROVIDER: 'simulator' })).toBe('PAYMENT_PROVIDER');
  const { TOKEN_FACTORY_PIN: _pin, ...noPin } = prod;
  expect(problem(noPin)).toBe('TOKEN_FACTORY_PIN');
});

test('durations read as people write them', () => {
  expect(parseDuration('90s')).toBe(90_000);
  expect(parseDuration('15m')).toBe(900_000);
  expect(parseDuration('2d')).toBe(172_800_000);
  expect(parseDuration('250')).toBe(250);
  expect(parseDuration('2 weeks')).toBeNull();
});

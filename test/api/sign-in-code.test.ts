/** Signing in with a mobile number or email and a one-time code, through the HTTP API on a real PostgreSQL database. */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { buildApp } from '../../api/app';
import { activateUser, registerAccount } from '../../api/repos/accounts';
import { addressHash } from '../../api/repos/sign-in-codes';
import { httpLoggerOptions } from '../../platform/logger';
import { CAPTCHA, eventually, startHarness, type Harness } from '../support/harness';

let h: Harness;
let source = 0;

beforeAll(async () => {
  h = await startHarness({
    env: { LOGIN_MAX_FAILURES: '5', SIGN_IN_CODE_TRIES: '3', SIGN_IN_CODES_PER_HOUR: '3' },
  });
});

afterAll(async () => {
  await h?.close();
});

/** A source address of its own for each test, so the limits per source of one test do not reach another. */
function newSource(): string {
  source += 1;
  return `10.0.0.${source}`;
}

/** An activated applicant account with this mobile number and email; returns its login name. */
async function applicant(
  loginName: string,
  mobile: string,
  email: string,
  activated = true,
): Promise<{ loginName: string; userId: string }> {
  const made = await registerAccount(h.db, {
    entityName: `${loginName} 有限公司`,
    loginName,
    password: 'Passw0rd1',
    contactName: '张三',
    mobile,
    email,
  });
  if (!('user' in made)) throw new Error('registration refused');
  if (activated) await activateUser(h.db, made.user.id);
  return { loginName, userId: made.user.id };
}

async function captchaId(from: string): Promise<string> {
  const res = await h.http({ method: 'GET', url: '/api/v1/auth/captcha', remoteAddress: from });
  return res.json().captchaId;
}

async function askCode(address: string, from: string, answer = CAPTCHA) {
  return h.http({
    method: 'POST',
    url: '/api/v1/auth/code',
    remoteAddress: from,
    payload: { address, captchaId: await captchaId(from), captcha: answer },
  });
}

const signIn = (address: string, code: string, from: string) =>
  h.http({ method: 'POST', url: '/api/v1/auth/code/login', remoteAddress: from, payload: { address, code } });

/** The codes the development outbox holds for `to`, newest first. */
async function codesSentTo(to: string): Promise<string[]> {
  const items = await h.services.notifier.outbox(to, 50);
  return items.flatMap((i) => /验证码为[：\s]*(\d{6})/.exec(i.body)?.[1] ?? []);
}

/** Waits for the `n`-th code sent to `to`; returns it. */
async function nthCode(to: string, n = 1): Promise<string> {
  return eventually(async () => {
    const codes = await codesSentTo(to);
    return codes.length >= n ? codes[0] : undefined;
  }, `code ${n} for ${to}`);
}

/** Moves the requests for a mobile number `ms` into the past (time passes). */
async function backdate(mobile: string, ms: number): Promise<void> {
  await h.db
    .updateTable('sign_in_code_requests')
    .set({ requested_at: sql`requested_at - ${`${ms} milliseconds`}::interval` })
    .where('address_hash', '=', addressHash(h.config.secretStoreKey, { channel: 'sms', value: mobile }))
    .execute();
}

/** A code that is not `code`. */
const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

test('a code sent by SMS signs in by mobile number: the same session and cookie as a password sign-in', async () => {
  const from = newSource();
  const a = await applicant('codesms01', '13900000001', 'codesms01@example.com');
  const asked = await askCode('139 0000 0001', from);
  expect(asked.statusCode).toBe(202);
  expect(asked.json()).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
  const code = await nthCode('13900000001');
  expect(code).toMatch(/^\d{6}$/);
  const [sms] = await h.services.notifier.outbox('13900000001', 1);
  expect(sms).toMatchObject({ channel: 'sms', body: expect.stringContaining('5 分钟内有效') });

  const res = await signIn('13900000001', code, from);
  expect(res.statusCode).toBe(200);
  const { token, user } = res.json();
  expect(user).toMatchObject({ id: a.userId, loginName: 'codesms01', kind: 'applicant' });
  expect(res.cookies.find((c) => c.name === 'bpm_session')).toMatchObject({ httpOnly: true, value: token });
  expect((await h.http({ method: 'GET', url: '/api/v1/auth/me', token })).json().loginName).toBe('codesms01');
  const session = await h.db.selectFrom('sessions').select('purpose').where('user_id', '=', a.userId).execute();
  expect(session).toEqual([{ purpose: 'login' }]);

  // Used once: the same code again is refused.
  const again = await signIn('13900000001', code, from);
  expect(again.statusCode).toBe(401);
  expect(again.json().error).toMatchObject({ code: 'SIGN_IN_CODE_INVALID', fields: [{ field: 'code' }] });
});

test('a code sent by email signs in by email address, whatever its case; a staff member may too', async () => {
  const from = newSource();
  await h.staff('codestaff01', ['finance'], { mobile: '13900000002', email: 'Code.Staff@Example.com' });
  expect((await askCode('  code.staff@example.COM ', from)).statusCode).toBe(202);
  const code = await nthCode('code.staff@example.com');
  const [mail] = await h.services.notifier.outbox('code.staff@example.com', 1);
  expect(mail).toMatchObject({
    channel: 'email',
    to: 'Code.Staff@Example.com',
    subject: expect.stringContaining('验证码'),
  });
  const res = await signIn('CODE.STAFF@example.com', code, from);
  expect(res.statusCode).toBe(200);
  expect(res.json().user).toMatchObject({ loginName: 'codestaff01', kind: 'staff', roles: ['finance'] });
});

test('a wrong code is refused; the right one still works while tries remain', async () => {
  const from = newSource();
  await applicant('codewrong1', '13900000003', 'codewrong1@example.com');
  await askCode('13900000003', from);
  const code = await nthCode('13900000003');
  const wrong = await signIn('13900000003', other(code), from);
  expect(wrong.statusCode).toBe(401);
  expect(wrong.json().error).toMatchObject({
    code: 'SIGN_IN_CODE_INVALID',
    message: { zh: expect.stringContaining('验证码'), en: expect.stringContaining('code') },
  });
  expect((await signIn('13900000003', code, from)).statusCode).toBe(200);
});

test('too many wrong tries void the code: the right code no longer works', async () => {
  const from = newSource();
  await applicant('codetries1', '13900000004', 'codetries1@example.com');
  await askCode('13900000004', from);
  const code = await nthCode('13900000004');
  for (let i = 0; i < 3; i++) expect((await signIn('13900000004', other(code), from)).statusCode).toBe(401);
  // (the login throttle's wait for this source passes)
  await h.db.deleteFrom('login_failures').execute();
  const late = await signIn('13900000004', code, from);
  expect(late.statusCode).toBe(401);
  expect(late.json().error.code).toBe('SIGN_IN_CODE_INVALID');
});

test('an expired code is refused', async () => {
  const from = newSource();
  const a = await applicant('codeexpir1', '13900000005', 'codeexpir1@example.com');
  await askCode('13900000005', from);
  const code = await nthCode('13900000005');
  // Five minutes pass.
  await h.db
    .updateTable('sign_in_codes')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('user_id', '=', a.userId)
    .execute();
  expect((await signIn('13900000005', code, from)).statusCode).toBe(401);
});

test('a new code voids the earlier one', async () => {
  const from = newSource();
  await applicant('codenewer1', '13900000006', 'codenewer1@example.com');
  await askCode('13900000006', from);
  const first = await nthCode('13900000006');
  // A minute later.
  await backdate('13900000006', 61_000);
  await askCode('13900000006', from);
  const second = await nthCode('13900000006', 2);
  if (first !== second) expect((await signIn('13900000006', first, from)).statusCode).toBe(401);
  expect((await signIn('13900000006', second, from)).statusCode).toBe(200);
});

test('one code a minute and a few an hour per number, refused before the captcha is used', async () => {
  const from = newSource();
  await applicant('coderate01', '13900000007', 'coderate01@example.com');
  expect((await askCode('13900000007', from)).statusCode).toBe(202);
  await nthCode('13900000007');
  const id = await captchaId(from);
  const soon = await h.http({
    method: 'POST',
    url: '/api/v1/auth/code',
    remoteAddress: from,
    payload: { address: '13900000007', captchaId: id, captcha: CAPTCHA },
  });
  expect(soon.statusCode).toBe(429);
  expect(soon.json().error).toMatchObject({ code: 'SIGN_IN_CODE_TOO_SOON', fields: [{ field: 'address' }] });
  expect(Number(soon.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(soon.headers['retry-after'])).toBeLessThanOrEqual(60);
  // The captcha was not used up by the refusal.
  expect(await h.db.selectFrom('captchas').select('id').where('id', '=', id).executeTakeFirst()).toBeDefined();

  // Three an hour (SIGN_IN_CODES_PER_HOUR=3), from any source.
  await backdate('13900000007', 10 * 60_000);
  expect((await askCode('13900000007', newSource())).statusCode).toBe(202);
  await backdate('13900000007', 2 * 60_000);
  expect((await askCode('13900000007', newSource())).statusCode).toBe(202);
  await backdate('13900000007', 2 * 60_000);
  const hourly = await askCode('13900000007', newSource());
  expect(hourly.statusCode).toBe(429);
  expect(Number(hourly.headers['retry-after'])).toBeGreaterThan(60);
  await nthCode('13900000007', 3);
  expect(await codesSentTo('13900000007')).toHaveLength(3);
});

test('a source may ask for only so many codes an hour, whatever the numbers', async () => {
  const from = newSource();
  for (let i = 0; i < 20; i++)
    expect((await askCode(`1370000${String(i).padStart(4, '0')}`, from)).statusCode).toBe(202);
  const refused = await askCode('13700009999', from);
  expect(refused.statusCode).toBe(429);
  expect(refused.json().error).toMatchObject({
    code: 'SIGN_IN_CODE_TOO_SOON',
    message: { zh: expect.stringContaining('过于频繁'), en: expect.stringContaining('Too many') },
  });
  expect(refused.json().error.fields).toBeUndefined();
  // Another source is not held up.
  expect((await askCode('13700009999', newSource())).statusCode).toBe(202);
});

test('an unknown number, an account not activated and a disabled one get the same answer, and nothing is sent', async () => {
  const from = newSource();
  await applicant('codepend01', '13900000008', 'codepend01@example.com', false);
  const disabled = await applicant('codedisab1', '13900000009', 'codedisab1@example.com');
  await h.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled.userId).execute();
  await applicant('codeknown1', '13900000010', 'codeknown1@example.com');

  const answers = [];
  for (const address of ['13811112222', 'nobody@example.com', '13900000008', '13900000009'])
    answers.push(await askCode(address, from));
  const known = await askCode('13900000010', from);
  for (const res of answers) {
    expect(res.statusCode).toBe(known.statusCode);
    expect(res.json()).toEqual(known.json());
  }
  await nthCode('13900000010');
  for (const to of ['13811112222', 'nobody@example.com', '13900000008', '13900000009'])
    expect(await h.services.notifier.outbox(to, 10)).toEqual([]);
  const codes = await h.db.selectFrom('sign_in_codes').select('user_id').execute();
  expect(codes.map((c) => c.user_id)).not.toContain(disabled.userId);

  // A guess for an unknown number is refused as a wrong code is.
  const guess = await signIn('13811112222', '123456', from);
  expect(guess.statusCode).toBe(401);
  expect(guess.json().error.code).toBe('SIGN_IN_CODE_INVALID');
});

test('an account disabled after its code was sent cannot sign in with it', async () => {
  const from = newSource();
  const a = await applicant('codelater1', '13900000011', 'codelater1@example.com');
  await askCode('13900000011', from);
  const code = await nthCode('13900000011');
  await h.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', a.userId).execute();
  const res = await signIn('13900000011', code, from);
  expect(res.statusCode).toBe(403);
  expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
});

test('a number on several accounts signs in to none: it is told so, and no code is issued', async () => {
  const from = newSource();
  await applicant('codeshare1', '13900000012', 'codeshare1@example.com');
  await applicant('codeshare2', '13900000012', 'codeshare2@example.com');
  expect((await askCode('13900000012', from)).statusCode).toBe(202);
  const [notice] = await eventually(async () => {
    const items = await h.services.notifier.outbox('13900000012', 5);
    return items.length ? items : undefined;
  }, 'the notice');
  expect(notice.body).toContain('多个账号');
  expect(await codesSentTo('13900000012')).toEqual([]);
});

test('a wrong captcha, a malformed number or code are refused naming the field; nothing is sent', async () => {
  const from = newSource();
  await applicant('codeinput1', '13900000013', 'codeinput1@example.com');
  const badCaptcha = await askCode('13900000013', from, 'nope');
  expect(badCaptcha.statusCode).toBe(400);
  expect(badCaptcha.json().error.fields).toEqual([expect.objectContaining({ field: 'captcha' })]);
  const badAddress = await askCode('12345', from);
  expect(badAddress.statusCode).toBe(400);
  expect(badAddress.json().error.fields).toEqual([
    {
      field: 'address',
      code: expect.any(String),
      message: { zh: '请输入手机号或邮箱地址', en: 'must be a mobile number or an email address' },
    },
  ]);
  const empty = await h.http({ method: 'POST', url: '/api/v1/auth/code', remoteAddress: from, payload: { extra: 1 } });
  expect(empty.statusCode).toBe(400);
  expect(
    empty
      .json()
      .error.fields.map((f: { field: string }) => f.field)
      .sort(),
  ).toEqual(['address', 'captcha', 'captchaId', 'extra']);
  const badCode = await signIn('13900000013', '12ab', from);
  expect(badCode.statusCode).toBe(400);
  expect(badCode.json().error.fields).toEqual([
    { field: 'code', code: expect.any(String), message: { zh: '验证码应为 6 位数字', en: 'must be 6 digits' } },
  ]);
  // The refused requests did not count: a code may be asked for at once.
  expect((await askCode('13900000013', from)).statusCode).toBe(202);
  expect(await nthCode('13900000013')).toMatch(/^\d{6}$/);
  expect(await codesSentTo('13900000013')).toHaveLength(1);
});

test('repeated wrong codes make the source wait, as wrong passwords do', async () => {
  const from = newSource();
  await applicant('codelock01', '13900000014', 'codelock01@example.com');
  await askCode('13900000014', from);
  const code = await nthCode('13900000014');
  for (let i = 0; i < 3; i++) expect((await signIn('13900000014', other(code), from)).statusCode).toBe(401);
  const waiting = await signIn('13900000014', code, from);
  expect(waiting.statusCode).toBe(429);
  expect(waiting.json().error.code).toBe('LOGIN_LOCKED');
  expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
});

test('the code is in neither the database nor the logs in clear', async () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({
    ...h.services,
    config: h.config,
    temporal: h.client,
    logger: { ...httpLoggerOptions('trace'), stream },
  });
  await app.ready();
  try {
    const from = newSource();
    await applicant('codesecret', '13900000015', 'codesecret@example.com');
    const cap = await app.inject({ method: 'GET', url: '/api/v1/auth/captcha', remoteAddress: from });
    const asked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/code',
      remoteAddress: from,
      payload: { address: 'codesecret@example.com', captchaId: cap.json().captchaId, captcha: CAPTCHA },
    });
    expect(asked.statusCode).toBe(202);
    const code = await nthCode('codesecret@example.com');
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/code/login',
      remoteAddress: from,
      payload: { address: 'codesecret@example.com', code: other(code) },
    });
    expect(wrong.statusCode).toBe(401);
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/code/login',
      remoteAddress: from,
      payload: { address: 'codesecret@example.com', code },
    });
    expect(res.statusCode).toBe(200);
    await eventually(async () => lines.some((l) => l.includes('sign-in code sent')), 'the log line');
    expect(lines.some((l) => l.includes('signed in with a one-time code'))).toBe(true);
    // (as a word of its own: hashes and IDs may hold any six digits in a row)
    const inClear = new RegExp(`\\b(${code}|${other(code)})\\b`);
    expect(lines.filter((l) => inClear.test(l))).toEqual([]);

    // Every row of every table, as text.
    const tables = await h.db
      .selectFrom('information_schema.tables' as never)
      .select('table_name' as never)
      .where('table_schema' as never, '=', 'public' as never)
      .execute();
    for (const { table_name } of tables as { table_name: string }[]) {
      const rows = await h.db
        .selectFrom(table_name as never)
        .selectAll()
        .execute();
      expect({ table: table_name, text: inClear.test(JSON.stringify(rows)) }).toEqual({
        table: table_name,
        text: false,
      });
    }
    // The address is kept only as a keyed hash.
    const stored = JSON.stringify(await h.db.selectFrom('sign_in_code_requests').selectAll().execute());
    expect(stored).not.toContain('codesecret');
  } finally {
    await app.close();
  }
});

/** Sign-in, sessions and staff management through the HTTP API, on a real PostgreSQL database. */
import { sql } from 'kysely';
import { CAPTCHA, PASSWORD, startHarness, type Harness } from '../support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: {
      LOGIN_MAX_FAILURES: '3',
      LOGIN_LOCK: '10m',
      BOOTSTRAP_ADMIN_LOGIN: 'root',
      BOOTSTRAP_ADMIN_PASSWORD: 'RootPass123',
      UKEY_AGENT_URL: 'http://127.0.0.1:47999/',
    },
  });
  await h.staff('admin1', ['admin']);
  await h.staff('reviewer1', ['registration_reviewer']);
});

afterAll(async () => {
  await h?.close();
});

async function captcha(): Promise<string> {
  const res = await h.http({ method: 'GET', url: '/api/v1/auth/captcha' });
  expect(res.statusCode).toBe(200);
  return res.json().captchaId;
}

const login = async (body: Record<string, unknown>) =>
  h.http({ method: 'POST', url: '/api/v1/auth/login', payload: body });
const userCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('users')
        .select(sql<number>`count(*)`.as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

test('the captcha is an SVG picture, checked once, and a wrong answer names the field', async () => {
  const res = await h.http({ method: 'GET', url: '/api/v1/auth/captcha' });
  expect(res.json().image).toMatch(/^data:image\/svg\+xml;base64,/);
  expect(Buffer.from(res.json().image.split(',')[1], 'base64').toString()).toContain('<svg');
  const id = res.json().captchaId;
  const wrong = await login({ loginName: 'reviewer1', password: PASSWORD, captchaId: id, captcha: 'nope' });
  expect(wrong.statusCode).toBe(400);
  expect(wrong.json().error.fields).toEqual([
    {
      field: 'captcha',
      code: 'captcha_mismatch',
      message: { zh: expect.stringContaining('验证码'), en: expect.stringContaining('captcha') },
    },
  ]);
  const reused = await login({ loginName: 'reviewer1', password: PASSWORD, captchaId: id, captcha: CAPTCHA });
  expect(reused.statusCode).toBe(400);
});

test('the sign-in page learns where the UKey signing agent answers, without a session', async () => {
  const res = await h.http({ method: 'GET', url: '/api/v1/auth/ca/agent' });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ agentUrl: 'http://127.0.0.1:47999' });
});

test('a missing or malformed field is named, in Chinese and English', async () => {
  const res = await login({ loginName: '', extra: 1 });
  expect(res.statusCode).toBe(400);
  const fields = res
    .json()
    .error.fields.map((f: { field: string }) => f.field)
    .sort();
  expect(fields).toEqual(['captcha', 'captchaId', 'extra', 'loginName', 'password']);
  for (const f of res.json().error.fields)
    expect(f.message).toEqual({ zh: expect.any(String), en: expect.any(String) });
});

test('sign in with bearer token or cookie; sign out ends the session', async () => {
  const res = await login({
    loginName: 'REVIEWER1',
    password: PASSWORD,
    captchaId: await captcha(),
    captcha: CAPTCHA.toUpperCase(),
  });
  expect(res.statusCode).toBe(200);
  const { token, user } = res.json();
  expect(user).toMatchObject({ loginName: 'reviewer1', roles: ['registration_reviewer'], kind: 'staff' });
  expect(JSON.stringify(user)).not.toContain('password');
  const cookie = res.cookies.find((c) => c.name === 'bpm_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', value: token });

  expect((await h.http({ method: 'GET', url: '/api/v1/auth/me', token })).json().loginName).toBe('reviewer1');
  expect((await h.http({ method: 'GET', url: '/api/v1/auth/me', cookies: { bpm_session: token } })).statusCode).toBe(
    200,
  );
  expect((await h.http({ method: 'POST', url: '/api/v1/auth/logout', token })).statusCode).toBe(204);
  const after = await h.http({ method: 'GET', url: '/api/v1/auth/me', token });
  expect(after.statusCode).toBe(401);
  expect(after.json().error).toMatchObject({
    code: 'UNAUTHENTICATED',
    message: { zh: '请先登录', en: 'Sign in first' },
  });
  // The database holds only the token's hash.
  const stored = await h.db.selectFrom('sessions').select('token_hash').execute();
  expect(stored.some((s) => s.token_hash === token)).toBe(false);
});

test('repeated wrong passwords lock this source out of the login name, whatever the password afterwards', async () => {
  await h.staff('locky', ['finance']);
  for (let i = 0; i < 3; i++) {
    const res = await login({
      loginName: 'locky',
      password: 'wrong-password1',
      captchaId: await captcha(),
      captcha: CAPTCHA,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
  }
  const locked = await login({ loginName: 'locky', password: PASSWORD, captchaId: await captcha(), captcha: CAPTCHA });
  expect(locked.statusCode).toBe(429);
  expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  expect(locked.json().error.code).toBe('LOGIN_LOCKED');
  const unknown = await login({
    loginName: 'nobody_here',
    password: PASSWORD,
    captchaId: await captcha(),
    captcha: CAPTCHA,
  });
  expect(unknown.statusCode).toBe(401);
});

/** Signs in as `loginName` from the source address `from`. */
const loginFrom = async (from: string, loginName: string, password: string) =>
  h.http({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: from,
    payload: { loginName, password, captchaId: await captcha(), captcha: CAPTCHA },
  });

test('wrong passwords lock out the source that makes them, never the account: an admin signs in from elsewhere', async () => {
  for (let i = 0; i < 3; i++) expect((await loginFrom('10.9.0.1', 'admin1', 'wrong-password1')).statusCode).toBe(401);
  const refused = await loginFrom('10.9.0.1', 'admin1', PASSWORD);
  expect(refused.statusCode).toBe(429);
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.json().error).toEqual({
    code: 'LOGIN_LOCKED',
    message: { zh: expect.stringContaining('登录失败次数过多'), en: expect.stringContaining('Too many failed') },
  });
  const elsewhere = await loginFrom('10.9.0.2', 'admin1', PASSWORD);
  expect(elsewhere.statusCode).toBe(200);
  expect(elsewhere.json().user.roles).toEqual(['admin']);
  // The source that guessed stays locked out after the holder signed in elsewhere.
  expect((await loginFrom('10.9.0.1', 'admin1', PASSWORD)).statusCode).toBe(429);
});

test('a source waits after a few wrong passwords; once the wait is over, the right password signs in', async () => {
  await h.staff('slow_down', ['supervisor']);
  // (LOGIN_MAX_FAILURES is 3 here: two free attempts, the third locks this source out of the name)
  expect((await loginFrom('10.9.1.1', 'slow_down', 'wrong-password1')).statusCode).toBe(401);
  expect((await loginFrom('10.9.1.1', 'slow_down', 'wrong-password1')).statusCode).toBe(401);
  expect((await loginFrom('10.9.1.1', 'slow_down', PASSWORD)).statusCode).toBe(200);
  // A success forgets the source's failures: two more free attempts.
  expect((await loginFrom('10.9.1.1', 'slow_down', 'wrong-password1')).statusCode).toBe(401);
  expect((await loginFrom('10.9.1.1', 'slow_down', 'wrong-password1')).statusCode).toBe(401);
  expect((await loginFrom('10.9.1.1', 'slow_down', 'wrong-password1')).statusCode).toBe(401);
  expect((await loginFrom('10.9.1.1', 'slow_down', PASSWORD)).statusCode).toBe(429);
  // The wait over (moved into the past rather than slept through), the right password signs in.
  await h.db
    .updateTable('login_failures')
    .set({ locked_until: new Date(Date.now() - 1000) })
    .where('login_key', '=', JSON.stringify(['slow_down', '10.9.1.1']))
    .execute();
  expect((await loginFrom('10.9.1.1', 'slow_down', PASSWORD)).statusCode).toBe(200);
});

test('a name guessed at from many sources: each new source waits after its first wrong password, the holder still signs in', async () => {
  await h.staff('many_sources', ['binding_admin']);
  // Six failures from six sources (two each from three) raise the name's alarm (twice LOGIN_MAX_FAILURES).
  for (const from of ['10.9.2.1', '10.9.2.2', '10.9.2.3'])
    for (let i = 0; i < 2; i++) expect((await loginFrom(from, 'many_sources', 'wrong-password1')).statusCode).toBe(401);
  expect((await loginFrom('10.9.2.4', 'many_sources', 'wrong-password1')).statusCode).toBe(401);
  const waiting = await loginFrom('10.9.2.4', 'many_sources', 'wrong-password1');
  expect(waiting.statusCode).toBe(429);
  expect(Number(waiting.headers['retry-after'])).toBeGreaterThan(0);
  expect(waiting.json().error.code).toBe('LOGIN_LOCKED');
  expect((await loginFrom('10.9.2.5', 'many_sources', PASSWORD)).statusCode).toBe(200);
});

test('the bootstrap admin exists; only admins manage staff; bad input is named and stores nothing', async () => {
  const root = await h.login('root', 'RootPass123');
  const reviewer = await h.login('reviewer1');
  const body = {
    loginName: 'fin_01',
    password: 'Money2026',
    displayName: '财务一',
    roles: ['finance'],
    mobile: '13700000000',
  };
  expect((await h.http({ method: 'POST', url: '/api/v1/admin/users', payload: body })).statusCode).toBe(401);
  expect(
    (await h.http({ method: 'POST', url: '/api/v1/admin/users', token: reviewer, payload: body })).statusCode,
  ).toBe(403);

  const before = await userCount();
  const bad = await h.http({
    method: 'POST',
    url: '/api/v1/admin/users',
    token: root,
    payload: {
      loginName: 'x y',
      password: 'letters',
      displayName: '',
      roles: ['wizard'],
      mobile: '2345',
      email: 'no-at',
    },
  });
  expect(bad.statusCode).toBe(400);
  const byField = Object.fromEntries(
    bad.json().error.fields.map((f: { field: string; code: string }) => [f.field, f.code]),
  );
  expect(byField).toEqual({
    loginName: 'pattern',
    password: 'minLength',
    displayName: 'minLength',
    'roles[0]': 'enum',
    mobile: 'pattern',
    email: 'format',
  });
  expect(await userCount()).toBe(before);

  const created = await h.http({ method: 'POST', url: '/api/v1/admin/users', token: root, payload: body });
  expect(created.statusCode).toBe(201);
  expect(created.json()).toMatchObject({ loginName: 'fin_01', roles: ['finance'], status: 'active', kind: 'staff' });
  const dup = await h.http({
    method: 'POST',
    url: '/api/v1/admin/users',
    token: root,
    payload: { ...body, loginName: 'FIN_01' },
  });
  expect(dup.statusCode).toBe(409);
  expect(dup.json().error.fields[0]).toMatchObject({ field: 'loginName', code: 'taken' });
  expect(await h.login('fin_01', 'Money2026')).toMatch(/^st_/);

  const page1 = (await h.http({ method: 'GET', url: '/api/v1/admin/users?limit=2', token: root })).json();
  expect(page1.items).toHaveLength(2);
  const page2 = (
    await h.http({ method: 'GET', url: `/api/v1/admin/users?limit=2&cursor=${page1.nextCursor}`, token: root })
  ).json();
  expect(page2.items[0].loginName > page1.items[1].loginName).toBe(true);
  const noSuchRole = await h.http({ method: 'GET', url: '/api/v1/admin/users?role=nosuch', token: root });
  expect(noSuchRole.statusCode).toBe(400);
  expect(noSuchRole.json().error.fields).toEqual([expect.objectContaining({ field: 'role' })]);
  const finance = (await h.http({ method: 'GET', url: '/api/v1/admin/users?role=finance', token: root })).json();
  expect(finance.items.map((u: { loginName: string }) => u.loginName)).toEqual(['fin_01', 'locky']);
});

test('disabling a user ends their sessions; the last admin cannot be disabled', async () => {
  const root = await h.login('root', 'RootPass123');
  const id = await h.staff('leaver', ['finance']);
  const leaverToken = await h.login('leaver');
  const off = await h.http({
    method: 'PATCH',
    url: `/api/v1/admin/users/${id}`,
    token: root,
    payload: { status: 'disabled' },
  });
  expect(off.statusCode).toBe(200);
  expect((await h.http({ method: 'GET', url: '/api/v1/auth/me', token: leaverToken })).statusCode).toBe(401);
  const refused = await login({
    loginName: 'leaver',
    password: PASSWORD,
    captchaId: await captcha(),
    captcha: CAPTCHA,
  });
  expect(refused.statusCode).toBe(403);
  expect(refused.json().error.code).toBe('ACCOUNT_DISABLED');

  const admins = await h.db
    .selectFrom('users')
    .select(['id', 'login_name'])
    .where(sql<boolean>`'admin' = any(roles)`)
    .execute();
  const rootId = admins.find((a) => a.login_name === 'root')!.id;
  const otherId = admins.find((a) => a.login_name === 'admin1')!.id;
  expect(
    (
      await h.http({
        method: 'PATCH',
        url: `/api/v1/admin/users/${otherId}`,
        token: root,
        payload: { status: 'disabled' },
      })
    ).statusCode,
  ).toBe(200);
  const last = await h.http({
    method: 'PATCH',
    url: `/api/v1/admin/users/${rootId}`,
    token: root,
    payload: { roles: ['operator'] },
  });
  expect(last.statusCode).toBe(409);
  expect(last.json().error.code).toBe('LAST_ADMIN');
});

test('the development outbox is for admins and operators only', async () => {
  const reviewer = await h.login('reviewer1');
  expect((await h.http({ method: 'GET', url: '/api/v1/dev/outbox', token: reviewer })).statusCode).toBe(403);
  const root = await h.login('root', 'RootPass123');
  await h.services.notifier.send({
    key: 'k1',
    channel: 'sms',
    to: '13600000000',
    template: 'task.reminder',
    params: { title: 'T', dueAt: 'x', link: 'l' },
  });
  const box = (await h.http({ method: 'GET', url: '/api/v1/dev/outbox?to=13600000000', token: root })).json();
  expect(box.items).toEqual([
    expect.objectContaining({ channel: 'sms', to: '13600000000', body: expect.stringContaining('“T”') }),
  ]);
});

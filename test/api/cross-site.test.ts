/**
 * Cross-site requests: a state-changing request that signs in by the session cookie must come from the
 * product's own origin; form-encoded bodies are taken only where payment providers post them; the
 * session cookie is `Secure` whenever the request came over HTTPS.
 */
import type { LightMyRequestResponse } from 'fastify';
import { CAPTCHA, PASSWORD, startHarness, type Harness } from '../support/harness';

let h: Harness;
let cookie: string;
let bearer: string;

/** Signs in through the login route; answers the response (its Set-Cookie). */
async function signIn(headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  const captchaId = (await h.http({ method: 'GET', url: '/api/v1/auth/captcha' })).json().captchaId;
  return h.http({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers,
    payload: { loginName: 'xsite_admin', password: PASSWORD, captchaId, captcha: CAPTCHA },
  });
}

beforeAll(async () => {
  h = await startHarness({ env: { TRUST_PROXY: 'true', PUBLIC_URL: 'https://bpm.example.cn' } });
  await h.staff('xsite_admin', ['admin']);
  const login = await signIn();
  expect(login.statusCode).toBe(200);
  cookie = login.cookies.find((c) => c.name === 'bpm_session')!.value;
  bearer = login.json().token;
});

afterAll(async () => {
  await h?.close();
});

const phrases = async () =>
  (await h.http({ method: 'GET', url: '/api/v1/comment-phrases', token: bearer })).json().items;

/** Adds a phrase with the session cookie and the given headers. */
const addPhrase = (text: string, headers: Record<string, string>, token?: string) =>
  h.http({
    method: 'POST',
    url: '/api/v1/comment-phrases',
    headers: { ...headers, ...(token ? {} : { cookie: `bpm_session=${cookie}` }) },
    token,
    payload: { text },
  });

test.each([
  ['another site’s Origin', { origin: 'https://evil.example' }],
  ['an Origin of the same host on another scheme', { origin: 'http://bpm.example.cn' }],
  ['Sec-Fetch-Site: cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
  ['Sec-Fetch-Site: same-site without Origin', { 'sec-fetch-site': 'same-site' }],
])('a cookie-authenticated POST with %s is refused with 403, changing nothing', async (_what, headers) => {
  const before = await phrases();
  const res = await addPhrase('跨站', headers);
  expect(res.statusCode).toBe(403);
  expect(res.json()).toEqual({
    error: { code: 'CROSS_SITE_REQUEST', message: { zh: expect.any(String), en: expect.any(String) } },
  });
  expect(await phrases()).toEqual(before);
});

test('a cross-site form (form-encoded, cookie) on a process comment is refused before its body is read', async () => {
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/processes/some-process/comments',
    headers: {
      cookie: `bpm_session=${cookie}`,
      origin: 'https://evil.example',
      'content-type': 'application/x-www-form-urlencoded',
    },
    payload: 'comment=hello',
  });
  expect([res.statusCode, res.json().error.code]).toEqual([403, 'CROSS_SITE_REQUEST']);
});

test.each([
  ['the public origin', { origin: 'https://bpm.example.cn' }],
  ['the origin it was reached at', { origin: 'http://localhost:80', host: 'localhost:80' }],
  ['Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin' }],
  ['no Origin and no Sec-Fetch-Site (not a browser)', {}],
])('a cookie-authenticated POST from %s is served', async (_what, headers) => {
  const res = await addPhrase(`同源 ${JSON.stringify(headers)}`, headers);
  expect(res.statusCode).toBe(201);
});

test('a bearer-token request is not affected by its Origin', async () => {
  const res = await addPhrase('持令牌', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, bearer);
  expect(res.statusCode).toBe(201);
});

test('a request without the cookie is not affected: it is judged by its credentials alone', async () => {
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/comment-phrases',
    headers: { origin: 'https://evil.example' },
    payload: { text: '无凭据' },
  });
  expect([res.statusCode, res.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
});

test('reading with the cookie from another site is not refused (GET changes nothing)', async () => {
  const res = await h.http({
    method: 'GET',
    url: '/api/v1/auth/me',
    headers: { cookie: `bpm_session=${cookie}`, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  });
  expect(res.statusCode).toBe(200);
});

test('a form-encoded body is refused (415) on an ordinary route, even same-origin with a bearer token', async () => {
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/comment-phrases',
    token: bearer,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'text=hello',
  });
  expect([res.statusCode, res.json().error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
});

test('a payment provider’s form-encoded notification is read (refused as unsigned with the plain-text fail)', async () => {
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/payments/notify/not-our-provider',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'out_trade_no=x&trade_status=TRADE_SUCCESS',
  });
  expect([res.statusCode, res.headers['content-type'], res.body]).toEqual([
    400,
    expect.stringMatching(/^text\/plain/),
    'fail',
  ]);
});

test('the session cookie is Secure when the request came over HTTPS (X-Forwarded-Proto behind a trusted proxy)', async () => {
  const overHttps = (await signIn({ 'x-forwarded-proto': 'https' })).cookies.find((c) => c.name === 'bpm_session')!;
  expect(overHttps).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
  const overHttp = (await signIn()).cookies.find((c) => c.name === 'bpm_session')!;
  expect(overHttp.secure).toBeUndefined();
});

test('without a trusted proxy, X-Forwarded-Proto is not believed', async () => {
  const untrusting = await startHarness({});
  try {
    await untrusting.staff('xsite_admin2', ['admin']);
    const captchaId = (await untrusting.http({ method: 'GET', url: '/api/v1/auth/captcha' })).json().captchaId;
    const login = await untrusting.http({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { loginName: 'xsite_admin2', password: PASSWORD, captchaId, captcha: CAPTCHA },
    });
    expect(login.cookies.find((c) => c.name === 'bpm_session')!.secure).toBeUndefined();
  } finally {
    await untrusting.close();
  }
});

test('the console is same-origin: its pages load and its own POSTs with the cookie are served', async () => {
  expect(
    (await h.http({ method: 'GET', url: '/console/', headers: { cookie: `bpm_session=${cookie}` } })).statusCode,
  ).toBe(200);
  const res = await addPhrase('控制台', { origin: 'https://bpm.example.cn', 'sec-fetch-site': 'same-origin' });
  expect(res.statusCode).toBe(201);
});

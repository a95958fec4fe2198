/**
 * Hostile input that once gave 500s: each is a 4xx in the product's error shape, naming the field, and
 * changes nothing — deeply nested JSON, forged list cursors, multipart without a boundary, path ids
 * beyond 32 bits, codec payloads that cannot be opened.
 */
import path from 'node:path';
import { activeApplicant, orderBody, SCANS, type Applicant } from '../support/enterprise';
import { bundle, startHarness, type Harness } from '../support/harness';

let h: Harness;
let admin: string;
let applicant: Applicant;
let orderId: string;

beforeAll(async () => {
  h = await startHarness({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await h.staff('hostile_admin', ['admin']);
  admin = await h.login('hostile_admin');
  applicant = await activeApplicant(h, admin);
  const placed = await h.http({
    method: 'POST',
    url: '/api/v1/ca/orders',
    token: applicant.token,
    headers: { 'idempotency-key': `hostile-${applicant.enterpriseId}` },
    payload: orderBody(applicant as never),
  });
  expect(placed.statusCode).toBe(201);
  orderId = placed.json().id;
});

afterAll(async () => {
  await h?.close();
});

/** The body of a 400 naming `field`, with a bilingual message. */
function refusalNaming(field: string, code?: string) {
  return {
    error: {
      code: 'VALIDATION_FAILED',
      message: { zh: expect.any(String), en: expect.any(String) },
      fields: [
        expect.objectContaining({
          field,
          ...(code ? { code } : {}),
          message: { zh: expect.any(String), en: expect.any(String) },
        }),
      ],
    },
  };
}

test('JSON nested 8,000 levels deep on POST /auth/login answers 400, no session opened', async () => {
  const deep = `${'['.repeat(8000)}${']'.repeat(8000)}`;
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/auth/login',
    headers: { 'content-type': 'application/json' },
    payload: `{"loginName":${deep},"password":"x","captchaId":"x","captcha":"x"}`,
  });
  expect(res.statusCode).toBe(400);
  expect(res.json().error.fields[0]).toMatchObject({
    code: 'too_deep',
    field: expect.stringMatching(/^loginName\[0\]/),
  });
  expect(res.headers['set-cookie']).toBeUndefined();
});

test('nesting within the limit still reaches validation; a NUL character is still refused where it is', async () => {
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { loginName: 'a\u0000b', password: 'x', captchaId: 'x', captcha: 'x' },
  });
  expect(res.statusCode).toBe(400);
  expect(res.json()).toEqual(refusalNaming('loginName', 'nul_character'));
});

const cursor = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** Forged positions: values of the wrong type, a moment that is none or out of range, a NUL, the wrong length. */
const FORGED_TIME_TEXT = [
  [{}, 1],
  [123, 'x'],
  ['not a moment', 'x'],
  ['+275760-09-13T00:00:00.000Z', 'x'],
  ['2026-01-01T00:00:00.000Z', 'a\u0000b'],
  ['2026-01-01T00:00:00.000Z'],
];

test.each([
  ['/api/v1/ca/orders', FORGED_TIME_TEXT],
  ['/api/v1/processes', FORGED_TIME_TEXT],
  ['/api/v1/tasks', FORGED_TIME_TEXT],
  ['/api/v1/admin/users', [[{}, 1], [123, 'x'], ['a\u0000b', 'x'], ['only-one']]],
])('a forged cursor on %s answers 400 naming cursor', async (url, forgedPositions) => {
  for (const forged of forgedPositions) {
    const res = await h.http({ method: 'GET', url: `${url}?cursor=${cursor(forged)}`, token: admin });
    expect([forged, res.statusCode, res.json()]).toEqual([forged, 400, refusalNaming('cursor')]);
  }
  expect((await h.http({ method: 'GET', url: `${url}?cursor=not-base64-json`, token: admin })).statusCode).toBe(400);
  const genuine = await h.http({ method: 'GET', url: `${url}?limit=1`, token: admin });
  expect(genuine.statusCode).toBe(200);
});

test.each([
  ['no boundary', 'multipart/form-data'],
  ['an empty boundary', 'multipart/form-data; boundary='],
  ['an empty quoted boundary', 'multipart/form-data; boundary=""'],
  ['a boundary over 70 characters', `multipart/form-data; boundary=${'b'.repeat(300)}`],
])('an upload with %s answers 400 on both upload routes, storing nothing', async (_what, contentType) => {
  const before = await h.db.selectFrom('attachments').select(h.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  for (const url of ['/api/v1/enterprise/attachments', `/api/v1/ca/orders/${orderId}/materials`]) {
    const res = await h.http({
      method: 'POST',
      url,
      token: applicant.token,
      headers: { 'content-type': contentType },
      payload: Buffer.concat([
        Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'),
        SCANS.png,
      ]),
    });
    expect([url, res.statusCode, res.json()]).toEqual([url, 400, refusalNaming('content-type', 'boundary')]);
  }
  const after = await h.db.selectFrom('attachments').select(h.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
  expect(after.n).toEqual(before.n);
});

test('a multipart body that ends early answers 400 naming file', async () => {
  const res = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/attachments',
    token: applicant.token,
    headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    payload: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
  });
  expect([res.statusCode, res.json()]).toEqual([400, refusalNaming('file', 'malformed')]);
});

test('a phrase id beyond 32 bits answers 400 naming id; the phrases are unchanged', async () => {
  const before = (await h.http({ method: 'GET', url: '/api/v1/comment-phrases', token: admin })).json();
  for (const [method, payload] of [
    ['PUT', { text: '同意' }],
    ['DELETE', undefined],
  ] as const) {
    const res = await h.http({ method, url: '/api/v1/comment-phrases/4294967296', token: admin, payload });
    expect([res.statusCode, res.json()]).toEqual([400, refusalNaming('id')]);
  }
  expect((await h.http({ method: 'GET', url: '/api/v1/comment-phrases', token: admin })).json()).toEqual(before);
});

test('POST /codec/decode with an unknown key id or a truncated payload answers 400 naming the payload', async () => {
  const plain = {
    metadata: { encoding: Buffer.from('json/plain').toString('base64') },
    data: Buffer.from('"hi"').toString('base64'),
  };
  const sealed = (
    await h.http({ method: 'POST', url: '/codec/encode', token: admin, payload: { payloads: [plain] } })
  ).json().payloads[0];
  const opened = await h.http({ method: 'POST', url: '/codec/decode', token: admin, payload: { payloads: [sealed] } });
  expect(opened.json()).toEqual({ payloads: [plain] });

  const unknownKey = {
    ...sealed,
    metadata: { ...sealed.metadata, 'encryption-key-id': Buffer.from('nope').toString('base64') },
  };
  const truncated = { ...sealed, data: Buffer.from(sealed.data, 'base64').subarray(0, 10).toString('base64') };
  for (const bad of [unknownKey, truncated]) {
    const res = await h.http({
      method: 'POST',
      url: '/codec/decode',
      token: admin,
      payload: { payloads: [plain, bad] },
    });
    expect([res.statusCode, res.json()]).toEqual([400, refusalNaming('payloads[1]', 'unreadable')]);
  }
});

/** Operations: health, readiness (database, Temporal, a polling worker), OpenAPI, access declared on every route. */
import path from 'node:path';
import Fastify from 'fastify';
import { authPlugin } from '../../api/plugins/auth';
import { bundle, startHarness, type Harness } from '../support/harness';

let withWorker: Harness;
let withoutWorker: Harness;

beforeAll(async () => {
  withWorker = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, '..', 'workflows', 'fixtures')),
  });
  withoutWorker = await startHarness({});
});

afterAll(async () => {
  await withWorker?.close();
  await withoutWorker?.close();
});

test('ready when the database is migrated, Temporal answers and a worker polls the task queue', async () => {
  expect((await withWorker.http({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
  const ready = await withWorker.http({ method: 'GET', url: '/ready' });
  expect(ready.statusCode).toBe(200);
  expect(ready.json()).toEqual({
    status: 'ready',
    checks: { database: { ok: true }, temporal: { ok: true }, worker: { ok: true }, stations: { ok: true } },
  });
  expect(ready.headers['x-request-id']).toBeTruthy();
});

test('not ready while no worker polls the task queue', async () => {
  const res = await withoutWorker.http({ method: 'GET', url: '/ready' });
  expect(res.statusCode).toBe(503);
  expect(res.json().checks.worker).toEqual({ ok: false, detail: expect.stringContaining('no worker polling') });
  expect(res.json().checks.database.ok).toBe(true);
});

test('the OpenAPI document lists the routes with their security', async () => {
  const doc = (await withWorker.http({ method: 'GET', url: '/docs/json' })).json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(Object.keys(doc.paths)).toEqual(
    expect.arrayContaining([
      '/api/v1/tasks',
      '/api/v1/tasks/{id}/complete',
      '/api/v1/processes/{id}/history/raw',
      '/api/v1/auth/login',
    ]),
  );
  expect(doc.paths['/api/v1/tasks'].get.security).toEqual([{ bearerAuth: [] }, { cookieAuth: [] }]);
  expect(doc.paths['/api/v1/auth/login'].post.security).toBeUndefined();
  expect((await withWorker.http({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
});

test('a route that does not declare who may call it stops start-up', async () => {
  const app = Fastify();
  await app.register(authPlugin);
  await app.after();
  expect(() => app.get('/api/v1/undeclared', async () => 'x')).toThrow(/does not declare config.access/);
  expect(() => app.get('/api/v1/declared', { config: { access: 'public' } }, async () => 'x')).not.toThrow();
  await app.close();
});

test('an unknown route is a bilingual 404; a request ID is echoed', async () => {
  const res = await withWorker.http({ method: 'GET', url: '/api/v1/nothing', headers: { 'x-request-id': 'req-42' } });
  expect(res.statusCode).toBe(404);
  expect(res.json().error.message).toEqual({ zh: expect.any(String), en: expect.stringContaining('/api/v1/nothing') });
  expect(res.headers['x-request-id']).toBe('req-42');
});

test('a NUL character anywhere in a request is a 400 naming where it is, and nothing is stored', async () => {
  const h = withoutWorker;
  await h.staff('nul_admin', ['admin']);
  await h.staff('nul_ops', ['operator']);
  const [admin, operator] = [await h.login('nul_admin'), await h.login('nul_ops')];
  const account = {
    entityName: '兰溪市青禾建材有限公司',
    loginName: 'qinghe01',
    password: 'Qinghe2026',
    confirmPassword: 'Qinghe2026',
    contactName: '王\u0000明',
    mobile: '13800571234',
    email: 'wxm@qinghe.example.cn',
  };
  const cases = [
    { method: 'POST', url: '/api/v1/accounts', payload: account, field: 'contactName' },
    {
      method: 'POST',
      url: '/api/v1/accounts/check-name',
      payload: { entityName: '兰溪\u0000公司' },
      field: 'entityName',
    },
    {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { loginName: 'qinghe01\u0000', password: 'x', captchaId: 'c', captcha: 'x' },
      field: 'loginName',
    },
    {
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { loginName: 'finance01', password: 'Finance2026', roles: ['finance'], displayName: '财\u0000务' },
      field: 'displayName',
      token: admin,
    },
    {
      method: 'POST',
      url: '/api/v1/admin/users',
      payload: { loginName: 'finance02', password: 'Finance2026', roles: ['finance', 'x\u0000'], displayName: '财务' },
      field: 'roles[1]',
      token: admin,
    },
    { method: 'GET', url: '/api/v1/tasks/%00', field: 'id', token: operator },
    { method: 'GET', url: '/api/v1/dev/outbox?to=%00', field: 'to', token: operator },
  ] as const;
  for (const c of cases) {
    const res = await h.http({
      method: c.method,
      url: c.url,
      ...('payload' in c ? { payload: c.payload } : {}),
      ...('token' in c ? { token: c.token } : {}),
    });
    expect({ url: c.url, status: res.statusCode }).toEqual({ url: c.url, status: 400 });
    expect(res.json().error.fields).toEqual([
      { field: c.field, code: 'nul_character', message: { zh: expect.any(String), en: expect.any(String) } },
    ]);
  }
  expect(
    (await h.http({ method: 'POST', url: '/api/v1/accounts/check-login', payload: { loginName: 'qinghe01' } })).json(),
  ).toEqual({ available: true });
  expect(
    await h.db.selectFrom('users').select('login_name').where('login_name', 'like', 'finance0%').execute(),
  ).toEqual([]);
});

test('the codec endpoint opens sealed payloads for operators only', async () => {
  await withWorker.staff('op1', ['operator']);
  await withWorker.staff('rev9', ['registration_reviewer']);
  const op = await withWorker.login('op1');
  const plain = {
    metadata: { encoding: Buffer.from('json/plain').toString('base64') },
    data: Buffer.from('"企业"').toString('base64'),
  };
  const sealed = await withWorker.http({
    method: 'POST',
    url: '/codec/encode',
    token: op,
    payload: { payloads: [plain] },
  });
  expect(sealed.statusCode).toBe(200);
  expect(Buffer.from(sealed.json().payloads[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
  const opened = await withWorker.http({ method: 'POST', url: '/codec/decode', token: op, payload: sealed.json() });
  expect(opened.json()).toEqual({ payloads: [plain] });
  const rev = await withWorker.login('rev9');
  expect(
    (await withWorker.http({ method: 'POST', url: '/codec/decode', token: rev, payload: sealed.json() })).statusCode,
  ).toBe(403);
  const preflight = await withWorker.http({
    method: 'OPTIONS',
    url: '/codec/decode',
    headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
  });
  expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8233');
  expect(preflight.headers['access-control-allow-credentials']).toBe('true');
});

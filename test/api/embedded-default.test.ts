/**
 * The embedded default (PGlite, one database session shared by the whole product) carrying the real
 * journeys: an enterprise registers, edits its profile (invalid, then valid), uploads, submits, and two
 * reviewers and the phone review approve it; an admin changes a user; `create-user` signs its request.
 * Nothing may wait on itself.
 */
import path from 'node:path';
import {
  LOCAL_ADMIN_ROUTE,
  LOCAL_ADMIN_SCHEME,
  localAdminAuthorization,
  localAdminSignature,
} from '../../api/local-admin';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { prepareRegistration, registerApplicant, validProfile } from '../support/enterprise';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    embedded: true,
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
  });
  await h.staff('emb_admin', ['admin', 'operator']);
  await h.staff('emb_rev1', ['registration_reviewer']);
  await h.staff('emb_rev2', ['registration_reviewer']);
  // PGlite (PostgreSQL in WebAssembly) runs every migration on start: minutes on a loaded two-core machine.
}, 300_000);

afterAll(async () => {
  await h?.close();
});

test('a registration from account to active enterprise runs on the embedded database', async () => {
  const admin = await h.login('emb_admin');
  const a = await registerApplicant(h, admin);
  const invalid = await h.http({
    method: 'PUT',
    url: '/api/v1/enterprise/profile',
    token: a.token,
    payload: { ...validProfile(a.entityName), enterprise: { creditCode: '913307037757272915' } },
  });
  expect(invalid.statusCode).toBe(400);
  await prepareRegistration(h, a);
  const saved = await h.http({ method: 'GET', url: '/api/v1/enterprise/profile', token: a.token });
  expect(saved.json().attachments).toHaveLength(3);

  const { processId } = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token, payload: {} })
  ).json();
  const [rev1, rev2] = [await h.login('emb_rev1'), await h.login('emb_rev2')];
  const decide = async (token: string, step: string, payload: Record<string, unknown>) => {
    const task = await eventually(
      async () =>
        (await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token }))
          .json()
          .items.find((t: { step: string }) => t.step === step),
      step,
    );
    expect(
      (await h.http({ method: 'POST', url: `/api/v1/tasks/${task.id}/complete`, token, payload })).statusCode,
    ).toBe(200);
  };
  await decide(rev1, '企业审核人1审核', { outcome: 'approve' });
  await decide(rev2, '企业审核人2审核', { outcome: 'approve' });
  await decide(rev1, '电话审核', {
    outcome: 'approve',
    fields: { callerName: '戴进波', callerNumber: '13967979861', calledAt: '2026-11-25T02:00:00Z' },
  });
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json().status ===
      'approved',
    'approved',
  );
  expect(
    (await h.db.selectFrom('enterprises').select('status').where('id', '=', a.enterpriseId).executeTakeFirstOrThrow())
      .status,
  ).toBe('active');
});

test('an admin changes a staff user (password hashed outside the transaction)', async () => {
  const admin = await h.login('emb_admin');
  const id = await h.staff('emb_fin', ['finance']);
  const res = await h.http({
    method: 'PATCH',
    url: `/api/v1/admin/users/${id}`,
    token: admin,
    payload: { password: 'NewStaff2026', roles: ['finance', 'operator'] },
  });
  expect(res.statusCode).toBe(200);
  expect(res.json().roles).toEqual(['finance', 'operator']);
  expect(await h.login('emb_fin', 'NewStaff2026')).toMatch(/^st_/);
});

test('create-user signs its one request with the local key: good once, for a minute, for that route only', async () => {
  const key = h.config.secretStoreKey;
  const create = (authorization: string, loginName: string, url = LOCAL_ADMIN_ROUTE.url) =>
    h.http({
      method: 'POST',
      url,
      headers: { authorization },
      payload: { loginName, password: 'Staff2026x', displayName: loginName, roles: ['finance'] },
    });
  const signed = localAdminAuthorization(key);
  expect((await create(signed, 'emb_local1')).statusCode).toBe(201);
  expect((await create(signed, 'emb_local2')).statusCode).toBe(401);

  const old = Date.now() - 5 * 60_000;
  const stale = `${LOCAL_ADMIN_SCHEME} ${old}.${localAdminSignature(key, old, 'POST', LOCAL_ADMIN_ROUTE.url)}`;
  expect((await create(stale, 'emb_local3')).statusCode).toBe(401);
  const forged = `${LOCAL_ADMIN_SCHEME} ${Date.now()}.${'0'.repeat(64)}`;
  expect((await create(forged, 'emb_local4')).statusCode).toBe(401);
  const elsewhere = localAdminAuthorization(key);
  expect(
    (await h.http({ method: 'GET', url: '/api/v1/admin/users', headers: { authorization: elsewhere } })).statusCode,
  ).toBe(401);
  expect(
    await h.db.selectFrom('users').select('login_name').where('login_name', 'like', 'emb_local%').execute(),
  ).toEqual([{ login_name: 'emb_local1' }]);
});

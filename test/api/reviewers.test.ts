/**
 * 选择人员 — GET /api/v1/reviewers: the active registration reviewers, login and display name only,
 * for a signed-in applicant or staff member; refused to anyone signed out.
 */
import { registerApplicant } from '../support/enterprise';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({});
});

afterAll(async () => {
  await h?.close();
});

test('a signed-in applicant or staff member sees the active registration reviewers, login and display name only', async () => {
  await h.staff('dir_admin', ['admin']);
  const admin = await h.login('dir_admin');
  await h.staff('dir_rev_b', ['registration_reviewer'], { mobile: '13800138001', email: 'rev-b@example.cn' });
  await h.staff('dir_rev_a', ['registration_reviewer', 'supervisor'], { mobile: '13800138002' });
  await h.staff('dir_rev_gone', ['registration_reviewer']);
  await h.staff('dir_finance', ['finance']);
  await h.db.updateTable('users').set({ status: 'disabled' }).where('login_name', '=', 'dir_rev_gone').execute();
  const applicant = await registerApplicant(h, admin);

  for (const token of [applicant.token, await h.login('dir_finance')]) {
    const res = await h.http({ method: 'GET', url: '/api/v1/reviewers', token });
    expect(res.statusCode).toBe(200);
    const items: Record<string, unknown>[] = res.json().items;
    // Login and display name only: no IDs, mobiles, emails or roles.
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['displayName', 'loginName']);
    const names = items.map((i) => i.loginName);
    // Active reviewers only, by login name; the disabled reviewer and other staff are not listed.
    expect(items.filter((i) => String(i.loginName).startsWith('dir_'))).toEqual([
      { loginName: 'dir_rev_a', displayName: 'dir_rev_a 测试' },
      { loginName: 'dir_rev_b', displayName: 'dir_rev_b 测试' },
    ]);
    expect(names).not.toContain('dir_rev_gone');
    expect(names).not.toContain('dir_finance');
    expect(res.body).not.toMatch(/13800138001|rev-b@example\.cn|registration_reviewer/);
  }
});

test('anyone signed out is refused with 401', async () => {
  const res = await h.http({ method: 'GET', url: '/api/v1/reviewers' });
  expect(res.statusCode).toBe(401);
  expect(res.json().error).toMatchObject({
    code: expect.any(String),
    message: { zh: expect.any(String), en: expect.any(String) },
  });
});

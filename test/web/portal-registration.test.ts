/**
 * A5–A7 in Chromium against the real stack. In Chinese: an applicant reads the 注册须知 and fills the
 * wizard; a wrong credit-code check character and a wrong ID check digit show on their fields before
 * any request; the scans are uploaded and one replaced; the draft is saved and found after a reload; a
 * submit choosing two reviewers is refused (the credit code belongs to another enterprise) and keeps
 * everything typed; corrected, it is submitted. The staff return it with two marked fields (through
 * the API); only those two are editable, each with its reason beside it; corrected and resubmitted;
 * the staff approve; the status shows the 意见 table by department. In English: a prepared draft is
 * checked in both languages (the field's message follows the switch), submitted to the pool and withdrawn. axe and a screenshot on every screen and step.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  activeApplicant,
  newCreditCode,
  newResidentId,
  prepareRegistration,
  registerApplicant,
  SCANS,
  type Applicant,
} from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { jpeg } from '../support/scans';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';
import {
  checkSettled as check,
  fieldErrorOf as errorOf,
  formItemOf as itemOf,
  pickOption as pick,
} from '../support/pages';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('prg_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('prg_admin');
  for (const r of ['prg_rev1', 'prg_rev2', 'prg_rev3']) await stack.h.staff(r, ['registration_reviewer']);
});

afterAll(async () => {
  await stack?.close();
});

/** A page signed in as the applicant (the session cookie of their API sign-in). */
async function applicantPage(a: Applicant, lang: Lang): Promise<Page> {
  const page = await stack.newPage(lang);
  await page
    .context()
    .addCookies([{ name: 'bpm_session', value: a.token, url: stack.origin, httpOnly: true, sameSite: 'Lax' }]);
  return page;
}

/** The same code with another (valid-looking) last character. */
const spoilLast = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

const task = (processId: string, step: string) =>
  eventually(async () => {
    const res = await stack.h.http({
      method: 'GET',
      url: `/api/v1/tasks?processId=${encodeURIComponent(processId)}`,
      token: adminToken,
    });
    return (res.json().items as { id: string; step: string }[]).find((t) => t.step === step)?.id;
  }, `the task at ${step}`);

const decide = async (login: string, taskId: string, payload: Record<string, unknown>) => {
  const res = await stack.h.http({
    method: 'POST',
    url: `/api/v1/tasks/${taskId}/complete`,
    token: await stack.h.login(login),
    payload,
  });
  expect(res.statusCode).toBe(200);
};

const registration = async (a: Applicant) =>
  (await stack.h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json();

const statusIs = (a: Applicant, status: string) =>
  eventually(async () => ((await registration(a)).status === status ? registration(a) : undefined), status);

const file = (name: string, mimeType: string, buffer: Buffer) => ({ name, mimeType, buffer });

test('zh: the wizard, a refused submit, a return of two fields, the correction and the approval', async () => {
  const shots = new Screens('portal-registration', 'zh');
  const a = await registerApplicant(stack.h, adminToken);
  const holder = await activeApplicant(stack.h, adminToken);
  const page = await applicantPage(a, 'zh');
  let profileWrites = 0;
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().includes('/api/v1/enterprise/profile')) profileWrites++;
  });

  // 资料完善: the notice, then 开始注册.
  await page.goto('/console/portal/registration');
  await page.getByRole('heading', { name: '注册须知' }).waitFor();
  expect(await page.locator('main').textContent()).toContain('0579-88894332');
  await check(shots, page, 'notice');
  await page.getByRole('button', { name: '开始注册', exact: true }).click();

  // 会员类别 / 业务类型 / 身份类型.
  for (const label of ['企业会员', '工程建设', '投标人'])
    await page.locator('label').filter({ hasText: label }).click();
  await check(shots, page, 'step-category');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  // 企业基本信息: a wrong check character shows on the field, before any request.
  await page.locator('#profile_enterprise_creditCode').waitFor();
  expect(await page.locator('#profile_enterprise_name').inputValue()).toBe(a.entityName);
  const writes = profileWrites;
  await page.locator('#profile_enterprise_creditCode').fill(spoilLast(newCreditCode()));
  await errorOf(page, 'profile_enterprise_creditCode').filter({ hasText: '统一社会信用代码校验位错误' }).waitFor();
  expect(profileWrites).toBe(writes);
  await check(shots, page, 'credit-code-check');
  await page.locator('#profile_enterprise_creditCode').fill(holder.creditCode);
  await pick(page, 'profile_enterprise_type', '有限责任公司');
  await page.locator('#profile_enterprise_address').fill('金华市金东区二环北路1299号');
  await page.locator('#profile_enterprise_registeredCapital').fill('3050');
  await page.locator('#profile_enterprise_establishedOn').fill('2005-05-31');
  await page.locator('label').filter({ hasText: '长期' }).click();
  await page.locator('#profile_enterprise_businessScope').fill('水利水电工程施工，市政公用工程施工。');
  await check(shots, page, 'step-enterprise');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  // 法定代表人: a wrong ID check digit shows on the field, before any request.
  await page.locator('#profile_legalRepresentative_name').waitFor();
  await page.locator('#profile_legalRepresentative_name').fill('刘廷生');
  await pick(page, 'profile_legalRepresentative_idType', '居民身份证');
  const idNumber = newResidentId();
  const before = profileWrites;
  await page.locator('#profile_legalRepresentative_idNumber').fill(spoilLast(idNumber));
  await errorOf(page, 'profile_legalRepresentative_idNumber').filter({ hasText: '身份证号码校验位错误' }).waitFor();
  expect(profileWrites).toBe(before);
  await check(shots, page, 'id-number-check');
  await page.locator('#profile_legalRepresentative_idNumber').fill(idNumber);
  await page.locator('#profile_legalRepresentative_mobile').fill('13967979860');
  await page.locator('#profile_legalRepresentative_address').fill('金华市金东区');
  await check(shots, page, 'step-legal-representative');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  // 联系人.
  await page.locator('#profile_contact_name').waitFor();
  await page.locator('#profile_contact_name').fill('戴进波');
  await page.locator('#profile_contact_mobile').fill('13967979861');
  await page.locator('#profile_contact_email').fill('contact@example.cn');
  await check(shots, page, 'step-contact');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  // 附件: the hint, three scans uploaded and previewed, one replaced.
  await page.getByText('勿上传照片与复印件').waitFor();
  await page
    .locator('input[data-kind="business_license"]')
    .setInputFiles(file('执照.pdf', 'application/pdf', SCANS.pdf));
  await page.getByText('下载 执照.pdf').waitFor();
  await page
    .locator('input[data-kind="legal_rep_id_front"]')
    .setInputFiles(file('人像面.jpg', 'image/jpeg', SCANS.jpeg));
  await page.getByText('下载 人像面.jpg').waitFor();
  await page.locator('input[data-kind="legal_rep_id_back"]').setInputFiles(file('国徽面.png', 'image/png', SCANS.png));
  await page.getByText('下载 国徽面.png').waitFor();
  await page.locator('input[data-kind="legal_rep_id_front"]').setInputFiles(file('人像面2.jpg', 'image/jpeg', jpeg()));
  await page.getByText('下载 人像面2.jpg').waitFor();
  expect(await page.getByText('下载 人像面.jpg', { exact: true }).count()).toBe(0);
  await check(shots, page, 'step-attachments');

  // 保存, reload: the draft is there.
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.getByRole('status').filter({ hasText: '草稿已保存' }).waitFor();
  await page.reload();
  await page.locator('#profile_contact_email').waitFor({ state: 'attached' });
  expect(await page.locator('#profile_enterprise_creditCode').inputValue()).toBe(holder.creditCode);
  expect(await page.locator('#profile_contact_email').inputValue()).toBe('contact@example.cn');
  await check(shots, page, 'draft-reloaded');

  // 提交 → 下一步, 选择人员: refused (the credit code is another enterprise's); nothing typed is lost.
  await page.getByRole('button', { name: '提交', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('选择人员').waitFor();
  await pick(page, 'reviewers_reviewers_0', 'prg_rev1');
  await pick(page, 'reviewers_reviewers_1', 'prg_rev2');
  await check(shots, page, 'submit-dialog');
  await dialog.getByRole('button', { name: '确认', exact: true }).click();
  await errorOf(page, 'profile_enterprise_creditCode').filter({ hasText: '已被其他企业注册' }).waitFor();
  expect(await page.locator('#profile_enterprise_creditCode').isVisible()).toBe(true);
  expect(await page.locator('#profile_contact_email').inputValue()).toBe('contact@example.cn');
  expect(await page.locator('#profile_legalRepresentative_idNumber').inputValue()).toBe(idNumber);
  await check(shots, page, 'submit-refused');
  expect((await registration(a)).status).toBe('draft');

  // Corrected and submitted: the status page.
  await page.locator('#profile_enterprise_creditCode').fill(newCreditCode());
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await dialog.getByRole('button', { name: '确认', exact: true }).click();
  await page.getByRole('heading', { name: '注册审核进度' }).waitFor();
  await page.getByText('审核中', { exact: true }).waitFor();
  expect(await page.locator('main').textContent()).toContain('0579-88894332');
  await check(shots, page, 'status-in-review');
  const { processId } = await registration(a);

  // Reviewer 1 (chosen) returns it, marking two fields, one with a reason of its own.
  const reason = '注册地址与营业执照不一致，法定代表人手机号码有误。';
  const addressReason = '与营业执照“住所”一栏不一致';
  await decide('prg_rev1', await task(processId, '企业审核人1审核'), {
    outcome: 'return',
    comment: reason,
    fields: {
      markedFields: ['enterprise.address', 'legalRepresentative.mobile'],
      fieldReasons: { 'enterprise.address': addressReason },
    },
  });
  await statusIs(a, 'returned');

  // Only the two marked fields are editable, each with the reason beside it.
  await page.goto('/console/portal/registration');
  await page.getByText('资料已退回补正').waitFor();
  await page.getByRole('button', { name: '下一步', exact: true }).click();
  await page.locator('#profile_enterprise_address').waitFor();
  expect(await page.locator('#profile_enterprise_address').isEnabled()).toBe(true);
  expect(await page.locator('#profile_enterprise_creditCode').isDisabled()).toBe(true);
  expect(await page.locator('#profile_enterprise_businessScope').isDisabled()).toBe(true);
  // The address shows its own reason; the mobile, marked without one, the return's comment.
  expect(await itemOf(page, 'profile_enterprise_address').textContent()).toContain(addressReason);
  expect(await itemOf(page, 'profile_enterprise_creditCode').textContent()).not.toContain(reason);
  await check(shots, page, 'returned-enterprise');
  await page.locator('#profile_enterprise_address').fill('金华市金东区二环北路1299号（营业执照地址）');
  await page.getByRole('button', { name: '下一步', exact: true }).click();
  await page.locator('#profile_legalRepresentative_mobile').waitFor();
  expect(await page.locator('#profile_legalRepresentative_mobile').isEnabled()).toBe(true);
  expect(await page.locator('#profile_legalRepresentative_name').isDisabled()).toBe(true);
  expect(await itemOf(page, 'profile_legalRepresentative_mobile').textContent()).toContain(reason);
  await page.locator('#profile_legalRepresentative_mobile').fill('13967979862');
  await check(shots, page, 'returned-legal-representative');

  // Resubmitted to the same reviewers: round 2.
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await dialog.getByText('由原审核人员继续审核').waitFor();
  await check(shots, page, 'resubmit-dialog');
  await dialog.getByRole('button', { name: '确认', exact: true }).click();
  await page.getByText('第 2 轮').waitFor();
  await check(shots, page, 'status-round-2');

  // The staff approve: reviewer 1, reviewer 2, the phone review.
  await decide('prg_rev1', await task(processId, '企业审核人1审核'), { outcome: 'approve', comment: '已补正，同意。' });
  await decide('prg_rev2', await task(processId, '企业审核人2审核'), { outcome: 'approve', comment: '同意。' });
  const phone = await task(processId, '电话审核');
  const rev3 = await stack.h.login('prg_rev3');
  expect((await stack.h.http({ method: 'POST', url: `/api/v1/tasks/${phone}/claim`, token: rev3 })).statusCode).toBe(
    200,
  );
  await decide('prg_rev3', phone, {
    outcome: 'approve',
    comment: '电话核实无误。',
    fields: { callerName: '戴进波', callerNumber: '13967979861', calledAt: new Date().toISOString() },
  });
  await statusIs(a, 'approved');

  // The status: the 意见 table by department, never a person.
  await page.reload();
  await page.getByText('审核通过', { exact: true }).waitFor();
  const table = page.locator('table').filter({ hasText: '业务步骤' });
  for (const text of ['序号', '部门', reason, '已补正，同意。', '电话核实无误。', '交易中心'])
    expect(await table.textContent()).toContain(text);
  expect(await page.locator('main').textContent()).not.toContain('prg_rev');
  await check(shots, page, 'status-approved');
}, 300_000);

test('en: a prepared draft submitted to the pool, then withdrawn', async () => {
  const shots = new Screens('portal-registration', 'en');
  const a = await registerApplicant(stack.h, adminToken);
  await prepareRegistration(stack.h, a);
  const page = await applicantPage(a, 'en');

  await page.goto('/console/portal/registration');
  await page.getByRole('button', { name: 'Next', exact: true }).waitFor();
  await check(shots, page, 'step-category');
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.locator('#profile_enterprise_creditCode').waitFor();
  const code = await page.locator('#profile_enterprise_creditCode').inputValue();
  await page.locator('#profile_enterprise_creditCode').fill(spoilLast(code));
  await errorOf(page, 'profile_enterprise_creditCode')
    .filter({ hasText: 'The check character of the credit code does not match' })
    .waitFor();
  await check(shots, page, 'credit-code-check');
  // The message follows a language switch, both ways.
  await page.getByRole('button', { name: '中文', exact: true }).click();
  await errorOf(page, 'profile_enterprise_creditCode').filter({ hasText: '统一社会信用代码校验位错误' }).waitFor();
  await check(shots, page, 'credit-code-check-switched', 'zh');
  await page.getByRole('button', { name: 'English', exact: true }).click();
  await errorOf(page, 'profile_enterprise_creditCode')
    .filter({ hasText: 'The check character of the credit code does not match' })
    .waitFor();
  await page.locator('#profile_enterprise_creditCode').fill(code);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Unsaved changes discarded' }).waitFor();
  await check(shots, page, 'step-enterprise');
  for (const [name, id] of [
    ['step-legal-representative', 'profile_legalRepresentative_name'],
    ['step-contact', 'profile_contact_name'],
  ]) {
    await page.getByRole('button', { name: 'Next', exact: true }).click();
    await page.locator(`#${id}`).waitFor();
    await check(shots, page, name);
  }
  await page.getByRole('button', { name: 'Next', exact: true }).click();
  await page.getByText('not photos or photocopies').waitFor();
  await check(shots, page, 'step-attachments');
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Choose people').waitFor();
  await check(shots, page, 'submit-dialog');
  await dialog.getByRole('button', { name: 'Confirm', exact: true }).click();
  await page.getByRole('heading', { name: 'Registration status' }).waitFor();
  await page.getByText('In review', { exact: true }).waitFor();
  await check(shots, page, 'status-in-review');

  await page.getByRole('button', { name: 'Withdraw', exact: true }).click();
  await page.getByRole('dialog').getByLabel('Reason (optional)').fill('Wrong business type chosen');
  await check(shots, page, 'withdraw-dialog');
  await page.getByRole('dialog').getByRole('button', { name: 'Withdraw', exact: true }).click();
  await page.getByText('Withdrawn', { exact: true }).waitFor();
  await page.getByText('You may change the profile and submit it again').waitFor();
  await check(shots, page, 'status-withdrawn');
  expect((await registration(a)).status).toBe('withdrawn');
}, 180_000);

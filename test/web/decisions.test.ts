/**
 * R2–R4 in Chromium against the real stack: a registration goes from the inbox to approval through the
 * decision page. Reviewer 1 first tries to return it with nothing filled (the API's refusals land on
 * the fields), then marks two fields on the submitted profile, picks a 快捷输入 phrase and returns it;
 * the applicant corrects and resubmits; two reviewers approve; the phone review is recorded (Enter in
 * a field submits nothing; notes typed after it are kept) and approves. A 保存意见 comment joins the
 * 意见 table. axe and a screenshot on every screen, in Chinese and in English.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { prepareRegistration, registerApplicant } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';
import { checkSettled as check } from '../support/pages';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('dec_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('dec_admin');
  const phrase = await stack.h.http({
    method: 'POST',
    url: '/api/v1/comment-phrases',
    token: adminToken,
    payload: { text: '请核对营业执照后补正。', sortOrder: 1 },
  });
  expect(phrase.statusCode).toBe(201);
});

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: {
    claim: '领取',
    approve: '通过',
    return: '退回修改',
    mark: '标记补正',
    address: '企业地址',
    scope: '经营范围',
    phrases: '快捷输入',
    phrase: '请核对营业执照后补正。',
    returned: '已办理：退回修改',
    approved: '已办理：通过',
    callerName: '来电人姓名',
    callerNumber: '来电号码',
    notes: '审核记录',
    newComment: '新意见',
    saveComment: '保存意见',
    profileTitle: '提交的注册资料',
    changed: '本轮修改',
  },
  en: {
    claim: 'Claim',
    approve: 'Approve',
    return: 'Return for correction',
    mark: 'Mark for correction',
    address: 'Address',
    scope: 'Business scope',
    phrases: 'Quick phrases',
    phrase: '请核对营业执照后补正。',
    returned: 'Decided: Return for correction',
    approved: 'Decided: Approve',
    callerName: 'Caller name',
    callerNumber: 'Caller number',
    notes: "Reviewer's notes",
    newComment: 'New comment',
    saveComment: 'Save comment',
    profileTitle: 'The registration as submitted',
    changed: 'Changed this round',
  },
} satisfies Record<Lang, Record<string, string>>;

/** The open task of `kind` in the process (read as an admin). */
const openTask = (processId: string, kind: string) =>
  eventually(async () => {
    const res = await stack.h.http({
      method: 'GET',
      url: `/api/v1/tasks?processId=${encodeURIComponent(processId)}`,
      token: adminToken,
    });
    return (res.json().items as { id: string; kind: string }[]).find((t) => t.kind === kind)?.id;
  }, `an open ${kind} task`);

const processOf = async (processId: string) =>
  (
    await stack.h.http({ method: 'GET', url: `/api/v1/processes/${encodeURIComponent(processId)}`, token: adminToken })
  ).json();

/** The antd form item around control `#id`, for the message under it. */
const itemOf = (page: Page, id: string) =>
  page
    .locator('.ant-form-item')
    .filter({ has: page.locator(`#${id}`) })
    .last();

/** Opens the task, claims it from the page, and waits for the decision buttons. */
async function openAndClaim(page: Page, taskId: string, words: (typeof WORDS)['zh']) {
  await page.goto(`/console/tasks/${encodeURIComponent(taskId)}`);
  await page.getByRole('button', { name: words.claim, exact: true }).click();
  await page.getByRole('button', { name: words.approve, exact: true }).waitFor();
  // The page's own reads (the profile, the 意见 table) have answered before anyone types.
  await page.waitForLoadState('networkidle');
}

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('two reviewers and the phone review take a registration to approval, after one return with two marked fields', async () => {
    const { h } = stack;
    const shots = new Screens('registration-decisions', lang);
    const first = `dec_rev1_${lang}`;
    const second = `dec_rev2_${lang}`;
    await h.staff(first, ['registration_reviewer']);
    await h.staff(second, ['registration_reviewer']);
    const applicant = await registerApplicant(h, adminToken);
    const profile = await prepareRegistration(h, applicant);
    const submitted = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: applicant.token,
      payload: {},
    });
    expect(submitted.statusCode).toBe(202);
    const processId = submitted.json().processId as string;

    // Reviewer 1 opens the task from a link and claims it: the submitted profile beside the form.
    const page = await stack.signedInPage(first, lang);
    await openAndClaim(page, await openTask(processId, 'registration.review'), words);
    await page.getByRole('heading', { name: new RegExp(words.profileTitle) }).waitFor();
    const addressRow = page.locator('tr[data-field="enterprise.address"]');
    expect(await addressRow.textContent()).toContain(profile.enterprise!.address!);
    await check(shots, page, 'review-claimed');

    // Returning with nothing filled: the API's reasons land on the fields; nothing is decided.
    await page.getByRole('button', { name: words.return, exact: true }).click();
    await itemOf(page, 'decision_markedFields').locator('.ant-form-item-explain-error').waitFor();
    await itemOf(page, 'decision_comment').locator('.ant-form-item-explain-error').waitFor();
    await check(shots, page, 'review-return-refused');

    // Two fields marked on the profile itself; a quick phrase, then more text; returned.
    await page.getByRole('button', { name: `${words.mark}：${words.address}` }).click();
    await page.getByRole('button', { name: `${words.mark}：${words.scope}` }).click();
    expect(await addressRow.getByRole('button').getAttribute('aria-pressed')).toBe('true');
    // Each marked field takes a reason of its own (one input per marked field, none for the others).
    const fieldReasons = page.locator('#decision_fieldReasons');
    expect(await fieldReasons.locator('input').count()).toBe(2);
    await fieldReasons.getByLabel(words.address, { exact: true }).fill('与营业执照住所不一致');
    await page.locator('#decision_phrases').click();
    await page.locator('.ant-select-dropdown').getByText(words.phrase, { exact: true }).click();
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await page.locator('#decision_comment').press('End');
    await page.locator('#decision_comment').pressSequentially('地址与执照不一致');
    expect(await page.locator('#decision_comment').inputValue()).toBe(`${words.phrase}地址与执照不一致`);
    await check(shots, page, 'review-marked');
    await page.getByRole('button', { name: words.return, exact: true }).click();
    await page.getByText(words.returned).waitFor();
    await check(shots, page, 'review-returned');
    const returned = await eventually(async () => {
      const p = await processOf(processId);
      return p.status === 'returned' ? p : undefined;
    }, 'the registration returned');
    expect([...(returned.state.markedFields as string[])].sort()).toEqual([
      'enterprise.address',
      'enterprise.businessScope',
    ]);
    expect(returned.state.fieldReasons).toEqual({ 'enterprise.address': '与营业执照住所不一致' });

    // The applicant corrects the two fields and resubmits: round 2.
    const fixed = await h.http({
      method: 'PUT',
      url: '/api/v1/enterprise/profile',
      token: applicant.token,
      payload: {
        ...profile,
        enterprise: { ...profile.enterprise, address: '金华市金东区二环北路1299号A座', businessScope: '建筑工程施工' },
      },
    });
    expect(fixed.statusCode).toBe(200);
    const again = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: applicant.token,
      payload: {},
    });
    expect(again.statusCode).toBe(202);

    // Round 2: reviewer 1 approves, and sees the corrected address.
    await openAndClaim(page, await openTask(processId, 'registration.review'), words);
    await eventually(
      async () => ((await addressRow.textContent()) ?? '').includes('二环北路1299号A座'),
      'the new address',
    );
    // What round 2 changed is flagged with round 1's value; what it kept is not.
    expect(await addressRow.locator('[data-changed]').textContent()).toContain(words.changed);
    expect(await addressRow.locator('del').textContent()).toContain(profile.enterprise!.address!);
    const scopeRow = page.locator('tr[data-field="enterprise.businessScope"]');
    expect(await scopeRow.locator('del').textContent()).toContain(profile.enterprise!.businessScope!);
    expect(await page.locator('tr[data-field="enterprise.registeredCapital"] [data-changed]').count()).toBe(0);
    await check(shots, page, 'review-round-2-diff');
    await page.getByRole('button', { name: words.approve, exact: true }).click();
    await page.getByText(words.approved).waitFor();

    // Reviewer 2 approves the second review.
    const page2 = await stack.signedInPage(second, lang);
    await openAndClaim(page2, await openTask(processId, 'registration.review'), words);
    await page2.getByRole('button', { name: words.approve, exact: true }).click();
    await page2.getByText(words.approved).waitFor();

    // The phone review: the call record; the time defaults to now; Enter in a field decides nothing.
    await openAndClaim(page, await openTask(processId, 'registration.phone_review'), words);
    await eventually(
      async () => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(await page.locator('#decision_calledAt').inputValue()),
      'the time of the call set to now',
    );
    await page.getByLabel(words.callerName, { exact: true }).fill('戴进波');
    await page.getByLabel(words.callerNumber, { exact: true }).fill('13905791234');
    await page.getByLabel(words.callerNumber, { exact: true }).press('Enter');
    await page.getByLabel(words.notes, { exact: true }).fill('核对了营业执照与法人身份');
    await check(shots, page, 'phone-review');
    expect((await processOf(processId)).decisions).toHaveLength(3);

    // 保存意见: a comment of its own joins the 意见 table.
    await page.getByLabel(words.newComment, { exact: true }).fill('电话核实无误');
    await page.getByRole('button', { name: words.saveComment, exact: true }).click();
    await page.locator('table').filter({ hasText: '电话核实无误' }).waitFor();

    await page.getByRole('button', { name: words.approve, exact: true }).click();
    await page.getByText(words.approved).waitFor();
    await check(shots, page, 'phone-review-approved');
    const approved = await eventually(async () => {
      const p = await processOf(processId);
      return p.status === 'approved' ? p : undefined;
    }, 'the registration approved');
    const phone = approved.decisions.find((d: { kind: string }) => d.kind === 'registration.phone_review');
    expect(phone.decision.fields).toMatchObject({
      callerName: '戴进波',
      callerNumber: '13905791234',
      notes: '核对了营业执照与法人身份',
      calledAt: expect.stringMatching(/\+08:00$/),
    });
    expect(approved.comments.map((c: { text: string }) => c.text)).toContain('电话核实无误');
  }, 180_000);
});

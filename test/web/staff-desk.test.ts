/**
 * The staff desk in Chromium against the real stack, in Chinese and in English: a reviewer signs in
 * (a wrong captcha first), finds a registration task in the inbox, claims it, opens it from the
 * keyboard, switches language, signs out; a session that ends mid-work leads back to sign-in and then
 * to the same page. axe finds no WCAG 2 A/AA violation on any screen; each screen is photographed.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { prepareRegistration, registerApplicant, type Applicant } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import {
  Screens,
  signInThroughPage,
  startConsoleStack,
  type ConsoleStack,
  type Lang,
  type SignInText,
} from '../support/console';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('desk_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('desk_admin');
});

afterAll(async () => {
  await stack?.close();
});

/** What the person reads, per language. */
const WORDS = {
  zh: {
    signIn: { loginName: '用户名', password: '密码', captcha: '验证码', submit: '登录' },
    wrongCaptcha: '验证码错误或已过期，请重新获取',
    inbox: '待办任务',
    mine: '我的待办',
    pool: '待领取',
    claim: '领取',
    claimed: '已领取',
    release: '退回待领取',
    me: '我',
    noMine: '没有分配给您的待办任务',
    kind: '企业注册审核',
    taskPage: '办理',
    signOut: '退出登录',
    switchTo: 'English',
    expired: '登录已过期，请重新登录',
    claimNext: '领取并办理下一件',
    overdue: '已逾期',
    escalated: '已升级',
    done: '已办',
    approved: '通过',
  },
  en: {
    signIn: { loginName: 'Login name', password: 'Password', captcha: 'Captcha', submit: 'Sign in' },
    wrongCaptcha: 'The captcha answer is wrong or expired; get a new one',
    inbox: 'Inbox',
    mine: 'My tasks',
    pool: 'To claim',
    claim: 'Claim',
    claimed: 'Claimed',
    release: 'Release',
    me: 'Me',
    noMine: 'No task is assigned to you',
    kind: 'Registration review',
    taskPage: 'Decision',
    signOut: 'Sign out',
    switchTo: '中文',
    expired: 'Your session has ended',
    claimNext: 'Claim and open next',
    overdue: 'Overdue',
    escalated: 'Escalated',
    done: 'Done',
    approved: 'Approve',
  },
} satisfies Record<Lang, { signIn: SignInText } & Record<string, unknown>>;

const other = (lang: Lang): Lang => (lang === 'zh' ? 'en' : 'zh');

/** An applicant whose registration waits for its first review; returns the applicant and the task's ID. */
async function registrationAwaitingReview(): Promise<{ applicant: Applicant; taskId: string; processId: string }> {
  const { h } = stack;
  const applicant = await registerApplicant(h, adminToken);
  await prepareRegistration(h, applicant);
  const submitted = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: applicant.token,
    payload: {},
  });
  expect(submitted.statusCode).toBe(202);
  const processId = submitted.json().processId as string;
  const taskId = await eventually(async () => {
    const res = await h.http({
      method: 'GET',
      url: `/api/v1/tasks?processId=${encodeURIComponent(processId)}`,
      token: adminToken,
    });
    return (res.json().items as { id: string; kind: string }[]).find((t) => t.kind === 'registration.review')?.id;
  }, 'the first review task');
  return { applicant, taskId, processId };
}

/** The inbox row of the task about the enterprise named `entityName`. */
const rowOf = (page: Page, entityName: string) => page.locator('tbody tr').filter({ hasText: entityName });

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('a reviewer signs in, claims a registration task from the pool, opens it by keyboard, switches language and signs out', async () => {
    const shots = new Screens('reviewer-claims-a-task', lang);
    const reviewer = `desk_rev_${lang}`;
    await stack.h.staff(reviewer, ['registration_reviewer']);
    const { applicant, taskId } = await registrationAwaitingReview();
    const page = await stack.newPage(lang);

    // Not signed in: the console sends the person to sign in.
    await page.goto('/console/');
    await page.getByRole('heading', { name: words.signIn.submit, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/signin');
    await page.getByRole('img', { name: /验证码|Captcha/ }).waitFor();
    await shots.check(page, 'signin');

    // A wrong captcha: the API's message sits on the captcha field; a new captcha is drawn.
    const firstCaptcha = await page.getByRole('img', { name: /验证码|Captcha/ }).getAttribute('src');
    await signInThroughPage(page, reviewer, words.signIn, 'wrong');
    const captchaItem = page.locator('.ant-form-item').filter({ has: page.locator('#signin_captcha') });
    await captchaItem.getByText(words.wrongCaptcha).waitFor();
    await eventually(
      async () => (await page.getByRole('img', { name: /验证码|Captcha/ }).getAttribute('src')) !== firstCaptcha,
      'a new captcha',
    );
    expect(await page.getByLabel(words.signIn.captcha, { exact: true }).inputValue()).toBe('');
    await shots.check(page, 'signin-wrong-captcha');

    // The right captcha: the inbox, my own tasks first (none yet).
    await page.getByLabel(words.signIn.captcha, { exact: true }).fill('pass1');
    await page.getByRole('button', { name: words.signIn.submit, exact: true }).click();
    await page.getByRole('heading', { name: words.inbox, exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/inbox');
    await page.getByText(words.noMine).waitFor();
    await shots.check(page, 'inbox-mine-empty');

    // The pool holds the registration task: its title is a link to the task.
    await page.getByRole('link', { name: words.pool, exact: true }).click();
    const row = rowOf(page, applicant.entityName);
    await row.waitFor();
    expect(await row.getByRole('link').getAttribute('href')).toBe(`/console/tasks/${encodeURIComponent(taskId)}`);
    expect(await row.textContent()).toContain(words.kind);
    expect(new URL(page.url()).searchParams.get('tab')).toBe('pool');
    await shots.check(page, 'inbox-pool');

    // Claim it: it leaves the pool and is the reviewer's.
    await row.getByRole('button', { name: words.claim, exact: true }).click();
    await page.getByText(words.claimed, { exact: true }).waitFor();
    await row.waitFor({ state: 'detached' });
    const claimed = await stack.h.http({
      method: 'GET',
      url: `/api/v1/tasks/${encodeURIComponent(taskId)}`,
      token: adminToken,
    });
    expect(claimed.json().assigneeId).toEqual(expect.any(String));
    await page.getByRole('link', { name: words.mine, exact: true }).click();
    await rowOf(page, applicant.entityName).getByRole('button', { name: words.release, exact: true }).waitFor();
    expect(await rowOf(page, applicant.entityName).textContent()).toContain(words.me);
    await shots.check(page, 'inbox-mine-claimed');

    // J selects the first row, Enter opens it; Esc returns to the same inbox view.
    await page.keyboard.press('j');
    await eventually(
      async () => /row-selected/.test((await rowOf(page, applicant.entityName).getAttribute('class')) ?? ''),
      'the row selected',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/console/tasks/${encodeURIComponent(taskId)}$`));
    await page.getByRole('heading', { name: words.taskPage, exact: true }).waitFor();
    await shots.check(page, 'task');
    // Esc from the page itself. A PDF preview's frame that takes the focus as it loads keeps its own keys,
    // so the person clicks the page and presses Esc again.
    await eventually(async () => {
      await page.getByRole('heading', { level: 1 }).click();
      await page.keyboard.press('Escape');
      return /\/console\/inbox$/.test(page.url());
    }, 'back in the inbox after Esc');
    await rowOf(page, applicant.entityName).waitFor();

    // The language switch: the whole page changes, and the choice survives a reload.
    const there = WORDS[other(lang)];
    await page.getByRole('button', { name: words.switchTo }).click();
    await page.getByRole('heading', { name: there.inbox, exact: true }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe(other(lang) === 'zh' ? 'zh-CN' : 'en');
    await page.reload();
    await page.getByRole('heading', { name: there.inbox, exact: true }).waitFor();
    await rowOf(page, applicant.entityName).waitFor();
    expect(await rowOf(page, applicant.entityName).textContent()).toContain(there.me);
    await shots.check(page, 'inbox-after-language-switch', other(lang));

    // Sign out: back at sign-in, and the session is gone for the API too.
    await page.getByRole('button', { name: there.signOut }).click();
    await page.getByRole('heading', { name: there.signIn.submit, exact: true }).waitFor();
    expect((await page.request.get('/api/v1/auth/me')).status()).toBe(401);
    await page.goto('/console/inbox');
    await page.waitForURL(/\/console\/signin\?next=%2Finbox$/);
  });

  test('a session that ends mid-work sends the person to sign in, then back to the page they were on', async () => {
    const shots = new Screens('session-expired', lang);
    const reviewer = `desk_expiring_${lang}`;
    const userId = await stack.h.staff(reviewer, ['registration_reviewer']);
    const page = await stack.signedInPage(reviewer, lang);
    await page.goto('/console/inbox?tab=pool');
    await page.getByRole('heading', { name: words.inbox, exact: true }).waitFor();

    // The session ends on the server (revoked, as at an administrator's sign-out or at expiry).
    await stack.h.db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).execute();
    await page.getByRole('button', { name: lang === 'zh' ? '刷新' : 'Refresh', exact: true }).click();
    await page.getByText(words.expired).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/console/signin');
    expect(url.searchParams.get('next')).toBe('/inbox?tab=pool');
    await shots.check(page, 'signin-session-expired');

    await signInThroughPage(page, reviewer, words.signIn);
    await page.waitForURL(/\/console\/inbox\?tab=pool$/);
    expect(await page.getByRole('link', { name: words.pool, exact: true }).getAttribute('aria-current')).toBe('page');
  });

  test('"claim and open next" takes the first task of the filtered pool and opens it; once decided it is under 已办', async () => {
    const shots = new Screens('claim-next-and-done', lang);
    const reviewer = `desk_next_${lang}`;
    const reviewerId = await stack.h.staff(reviewer, ['registration_reviewer']);
    const { applicant, taskId, processId } = await registrationAwaitingReview();
    const page = await stack.signedInPage(reviewer, lang);

    // Past its due time and escalated (set on the task's read copy, as the workflow's timers would).
    await stack.h.db
      .updateTable('tasks')
      .set({ due_at: new Date(Date.now() - 3_600_000), escalated_at: new Date() })
      .where('id', '=', taskId)
      .execute();

    // A filtered pool is a link: the process filter comes from the URL.
    await page.goto(`/console/inbox?tab=pool&processId=${encodeURIComponent(processId)}`);
    await rowOf(page, applicant.entityName).waitFor();
    expect(await rowOf(page, applicant.entityName).locator('.ant-tag').allTextContents()).toEqual([
      words.overdue,
      words.escalated,
    ]);
    expect(await page.locator('#inbox_processId').inputValue()).toBe(processId);
    expect(await page.locator('tbody tr[data-row-key]').count()).toBe(1);
    await shots.check(page, 'inbox-pool-filtered');

    await page.getByRole('button', { name: words.claimNext, exact: true }).click();
    await page.waitForURL(new RegExp(`/console/tasks/${encodeURIComponent(taskId)}$`));
    const claimed = await stack.h.http({
      method: 'GET',
      url: `/api/v1/tasks/${encodeURIComponent(taskId)}`,
      token: adminToken,
    });
    expect(claimed.json().assigneeId).toBe(reviewerId);

    // Decided (through the API until the decision page exists): it shows under 已办 with its outcome.
    const token = await stack.h.login(reviewer);
    const decided = await stack.h.http({
      method: 'POST',
      url: `/api/v1/tasks/${encodeURIComponent(taskId)}/complete`,
      token,
      payload: { outcome: 'approve' },
    });
    expect(decided.statusCode).toBe(200);
    await page.goto('/console/inbox?tab=done');
    const row = rowOf(page, applicant.entityName);
    await row.waitFor();
    expect(await row.locator('.ant-tag').allTextContents()).toEqual([words.approved]);
    expect(await page.getByRole('link', { name: words.done, exact: true }).getAttribute('aria-current')).toBe('page');
    await shots.check(page, 'inbox-done');
  });
});

test('the inbox search narrows the rows to an enterprise by name or credit code, kept in the URL (zh)', async () => {
  const shots = new Screens('inbox-search', 'zh');
  const reviewer = 'desk_search_zh';
  await stack.h.staff(reviewer, ['registration_reviewer']);
  const first = await registrationAwaitingReview();
  const second = await registrationAwaitingReview();
  await stack.h.db
    .updateTable('enterprises')
    .set({ credit_code: '91330701MA2E0SRCH1' })
    .where('id', '=', first.applicant.enterpriseId)
    .execute();
  const page = await stack.signedInPage(reviewer, 'zh');

  await page.goto('/console/inbox?tab=pool');
  await rowOf(page, first.applicant.entityName).waitFor();
  await rowOf(page, second.applicant.entityName).waitFor();
  // The row shows the enterprise's name and credit code.
  expect(await rowOf(page, first.applicant.entityName).textContent()).toContain('91330701MA2E0SRCH1');

  // Searching by the credit code (any case) leaves the one enterprise's row; the search is in the URL.
  await page.getByLabel('企业名称或信用代码').fill('ma2e0srch1');
  await page.getByLabel('企业名称或信用代码').press('Enter');
  await page.waitForURL(/[?&]q=ma2e0srch1/);
  await rowOf(page, second.applicant.entityName).waitFor({ state: 'detached' });
  await rowOf(page, first.applicant.entityName).waitFor();
  expect(await page.locator('tbody tr[data-row-key]').count()).toBe(1);
  await shots.check(page, 'inbox-searched');

  // By name, and ordered by creation time: the sort is in the URL too.
  await page.goto(`/console/inbox?tab=pool&sort=created&q=${encodeURIComponent(second.applicant.entityName)}`);
  await rowOf(page, second.applicant.entityName).waitFor();
  expect(await page.locator('tbody tr[data-row-key]').count()).toBe(1);
  expect(await page.locator('#inbox_q').inputValue()).toBe(second.applicant.entityName);
  await page.getByText('创建时间', { exact: true }).waitFor();
  await shots.check(page, 'inbox-searched-by-name-created');
});

/**
 * 验证码登录 in Chromium against the real stack: an activated applicant opens the second tab of the sign-in
 * page, is told on the fields what is missing or malformed and that the captcha was wrong (nothing typed
 * lost), asks for a code (the button counts down), types a wrong code (shown on the code field), then the
 * code from the development outbox, and is signed in. Once more in English with the email address. axe
 * finds no WCAG 2 A/AA violation on any screen; each is photographed.
 */
import type { Page } from 'playwright-core';
import { outbox, registerApplicant, type Applicant } from '../support/enterprise';
import { CAPTCHA, eventually } from '../support/harness';
import { Screens, startConsoleStack, type ConsoleStack } from '../support/console';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  await stack.h.staff('code_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('code_admin');
});

afterAll(async () => {
  await stack?.close();
});

/** The newest sign-in code sent to `to`, once there are `n` of them. */
async function codeSentTo(to: string, n = 1): Promise<string> {
  return eventually(async () => {
    const codes = (await outbox(stack.h, adminToken, to)).flatMap(
      (m) => /验证码为[：\s]*(\d{6})/.exec(m.body)?.[1] ?? [],
    );
    return codes.length >= n ? codes[0] : undefined;
  }, `sign-in code for ${to}`);
}

/** The form item (label, field and its messages) labelled `label` in the tab's panel. */
const itemOf = (panel: ReturnType<Page['getByRole']>, page: Page, label: string) =>
  panel.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });

describe('验证码登录 with the mobile number', () => {
  const shots = new Screens('sign-in-code', 'zh');
  let page: Page;
  let applicant: Applicant;

  test('the second tab asks for the number or email, the captcha and the code; missing fields are named', async () => {
    applicant = await registerApplicant(stack.h, adminToken);
    page = await stack.newPage('zh');
    await page.goto('/console/signin');
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    await page.getByRole('tab', { name: '验证码登录' }).click();
    const panel = page.getByRole('tabpanel', { name: '验证码登录' });
    await panel.getByRole('img', { name: /图形验证码/ }).waitFor();
    await shots.check(page, 'code-tab');

    await panel.getByRole('button', { name: '获取验证码' }).click();
    await itemOf(panel, page, '手机号或邮箱').getByText('请输入手机号或邮箱', { exact: true }).waitFor();
    await panel.getByText('请输入图中的字符', { exact: true }).waitFor();
    await panel.getByLabel('手机号或邮箱', { exact: true }).fill('1390000');
    await itemOf(panel, page, '手机号或邮箱').getByText('请输入 11 位手机号或邮箱地址', { exact: true }).waitFor();
    await shots.check(page, 'code-missing');
  });

  test('a wrong captcha shows on the captcha; the number typed stays, also across the tabs', async () => {
    const panel = page.getByRole('tabpanel', { name: '验证码登录' });
    await panel.getByLabel('手机号或邮箱', { exact: true }).fill(applicant.mobile);
    await panel.getByLabel('图形验证码', { exact: true }).fill('wrong');
    await panel.getByRole('button', { name: '获取验证码' }).click();
    await panel.getByText('验证码错误或已过期，请重新获取', { exact: true }).waitFor();
    expect(await panel.getByLabel('手机号或邮箱', { exact: true }).inputValue()).toBe(applicant.mobile);
    await shots.check(page, 'code-wrong-captcha');
    // To the password tab and back: the number is still there.
    await page.getByRole('tab', { name: '密码登录' }).click();
    await page.getByLabel('用户名', { exact: true }).waitFor();
    await page.getByRole('tab', { name: '验证码登录' }).click();
    expect(await panel.getByLabel('手机号或邮箱', { exact: true }).inputValue()).toBe(applicant.mobile);
  });

  test('a code is sent and the button counts down; a wrong code shows on the code field', async () => {
    const panel = page.getByRole('tabpanel', { name: '验证码登录' });
    await panel.getByLabel('图形验证码', { exact: true }).fill(CAPTCHA);
    await panel.getByRole('button', { name: '获取验证码' }).click();
    await panel
      .getByRole('status')
      .getByText(/验证码已发送，5 分钟内有效/)
      .waitFor();
    await panel.getByRole('button', { name: /秒后重发/ }).waitFor();
    expect(await panel.getByRole('button', { name: /秒后重发/ }).isDisabled()).toBe(true);
    await shots.check(page, 'code-sent');

    const code = await codeSentTo(applicant.mobile);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await panel.getByLabel('验证码', { exact: true }).fill(wrong);
    await panel.getByRole('button', { name: '登录', exact: true }).click();
    await itemOf(panel, page, '验证码').getByText('验证码错误或已失效，请重新获取', { exact: true }).waitFor();
    expect(await panel.getByLabel('手机号或邮箱', { exact: true }).inputValue()).toBe(applicant.mobile);
    expect(await panel.getByLabel('验证码', { exact: true }).inputValue()).toBe(wrong);
    await shots.check(page, 'code-wrong-code');

    await panel.getByLabel('验证码', { exact: true }).fill(code);
    await panel.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByText('加载中…').waitFor({ state: 'detached' });
    await shots.check(page, 'signed-in');
  });
});

describe('验证码登录 in English, with the email address', () => {
  const shots = new Screens('sign-in-code', 'en');

  test('the code sent by email signs in', async () => {
    const applicant = await registerApplicant(stack.h, adminToken);
    const page = await stack.newPage('en');
    await page.goto('/console/signin');
    await page.getByRole('tab', { name: 'Sign in with a code' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Sign in with a code' });
    await panel.getByLabel('Mobile number or email', { exact: true }).fill(applicant.email);
    await panel.getByLabel('Captcha', { exact: true }).fill(CAPTCHA);
    await panel.getByRole('button', { name: 'Send a code' }).click();
    await panel
      .getByRole('status')
      .getByText(/a code has been sent/)
      .waitFor();
    await shots.check(page, 'code-sent');
    await panel.getByLabel('Code', { exact: true }).fill(await codeSentTo(applicant.email));
    await panel.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });
});

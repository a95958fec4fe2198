/**
 * The applicant's account in Chromium against the real stack (A1–A4): a person registers through the
 * page (a taken login name and a rule-breaking password each shown on their field first, nothing typed
 * lost), activates from the link in the development outbox, signs in with the captcha (记住用户名),
 * forgets the password and resets it from the emailed link, then signs in with the new one. One pass of
 * the register page in English. And 使用CA锁登录: the UKeys plugged in, as the signing agent on 127.0.0.1
 * lists them (UKeys prepared with a certificate of the product's CA and a binding in force), a wrong PIN
 * with the attempts left, a locked UKey, then the login. axe finds no WCAG 2 A/AA violation on any
 * screen; each is photographed.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { startAgent, type RunningAgent } from '../../agent/app';
import { freePort } from '../../scripts/temporal-dev';
import { buildCsr } from '../../integrations/token/csr';
import { TokenLocks } from '../../integrations/token/locks';
import { Pkcs11Module } from '../../integrations/token/pkcs11';
import { activeApplicant, outbox, registerApplicant, uniq } from '../support/enterprise';
import { CAPTCHA } from '../support/harness';
import { Screens, startConsoleStack, type ConsoleStack } from '../support/console';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';

/** Wrong PINs that lock a UKey here. */
const PIN_LIMIT = 3;
const UKEY_PIN = '135790';

let stack: ConsoleStack;
let adminToken: string;
let hsm: TestSoftHsm;
let p11: Pkcs11Module;
let agent: RunningAgent;

beforeAll(async () => {
  // The page's origin is the product's (PUBLIC_URL): the agent trusts it, and a login signature names it.
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  hsm = await createSoftHsm(2);
  p11 = Pkcs11Module.open(hsm.modulePath, { pinAttemptLimit: PIN_LIMIT });
  agent = await startAgent({ module: p11, locks: new TokenLocks(), trustedOrigins: [origin], port: 0, logger: false });
  stack = await startConsoleStack({ env: { PUBLIC_URL: origin, UKEY_AGENT_URL: agent.url }, port });
  await stack.h.staff('acct_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('acct_admin');
});

afterAll(async () => {
  await stack?.close();
  await agent?.close();
  // SoftHSM2 is loaded once per process: left initialised, the next test file in this jest worker could not open it.
  p11?.close();
  await hsm?.cleanup();
});

/** The path and fragment of the newest message's link to `to` whose subject holds `subject`. */
async function mailedLink(to: string, subject: string): Promise<string> {
  const mail = (await outbox(stack.h, adminToken, to)).find((m) => m.subject?.includes(subject));
  const url = /https?:\/\/[^\s]+#token=[A-Za-z0-9_-]+/.exec(mail!.body)![0];
  const link = new URL(url);
  return link.pathname + link.hash;
}

/** The form item (label, field and its messages) labelled `label`. */
const itemOf = (page: Page, label: string) =>
  page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });

describe('an applicant registers, activates, signs in, and resets a forgotten password', () => {
  const suffix = uniq();
  const person = {
    entityName: `兰溪市${suffix}建筑工程有限公司`,
    loginName: `lx_${suffix}`.slice(0, 15),
    password: 'Lanxi2026a',
    newPassword: 'Reset2026b',
    contactName: '戴进波',
    mobile: `137${String(Date.now() % 1e8).padStart(8, '0')}`,
    email: `portal-${suffix}@example.cn`,
  };
  const shots = new Screens('portal-account', 'zh');
  let page: Page;

  test('the sign-in page offers 注册, 忘记密码, 记住用户名 and 使用CA锁登录', async () => {
    page = await stack.newPage('zh');
    await page.goto('/console/signin');
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    await page.getByRole('img', { name: /验证码/ }).waitFor();
    for (const name of ['注册', '忘记密码']) await page.getByRole('link', { name, exact: true }).waitFor();
    await page.getByRole('checkbox', { name: '记住用户名' }).waitFor();
    await page.getByRole('checkbox', { name: '使用CA锁登录' }).waitFor();
    await shots.check(page, 'signin');
  });

  test('registering: a taken login name and a weak password show on their fields; nothing typed is lost', async () => {
    const taken = await registerApplicant(stack.h, adminToken);
    await page.getByRole('link', { name: '注册', exact: true }).click();
    await page.getByRole('heading', { name: '企业用户注册', exact: true }).waitFor();
    await shots.check(page, 'register-empty');

    await page.getByLabel('主体名称', { exact: true }).fill(person.entityName);
    await page.getByRole('button', { name: '检测主体名称', exact: true }).click();
    await page.getByText('该主体名称可用', { exact: true }).waitFor();

    await page.getByLabel('登录用户名', { exact: true }).fill(taken.loginName);
    await page.getByRole('button', { name: '检测登录名', exact: true }).click();
    await itemOf(page, '登录用户名').getByText('该登录名已被使用', { exact: true }).waitFor();

    await page.getByLabel('输入密码', { exact: true }).fill('abcdefg');
    await itemOf(page, '输入密码').getByText('密码长度 6–15 位，须同时包含字母和数字', { exact: true }).waitFor();
    await page.getByText('同时包含字母和数字（未满足）').waitFor();
    await page.getByLabel('确认密码', { exact: true }).fill('abcdefx');
    await itemOf(page, '确认密码').getByText('两次输入的密码不一致', { exact: true }).waitFor();
    await page.getByLabel('联系人', { exact: true }).fill(person.contactName);
    await page.getByLabel('手机号', { exact: true }).fill('1370000');
    await itemOf(page, '手机号').getByText('手机号应为以 1 开头的 11 位数字', { exact: true }).waitFor();
    await page.getByLabel('电子邮箱', { exact: true }).fill(person.email);
    await shots.check(page, 'register-refused');

    // Refused on submit too, before any request; what was typed stays.
    await page.getByRole('button', { name: '马上注册', exact: true }).click();
    await itemOf(page, '登录用户名').getByText('该登录名已被使用', { exact: true }).waitFor();
    expect(await page.getByLabel('主体名称', { exact: true }).inputValue()).toBe(person.entityName);
    expect(await page.getByLabel('电子邮箱', { exact: true }).inputValue()).toBe(person.email);

    await page.getByLabel('登录用户名', { exact: true }).fill(person.loginName);
    await page.getByRole('button', { name: '检测登录名', exact: true }).click();
    await page.getByText('该登录用户名可用', { exact: true }).waitFor();
    await page.getByLabel('输入密码', { exact: true }).fill(person.password);
    await page.getByText('同时包含字母和数字（已满足）').waitFor();
    await page.getByLabel('确认密码', { exact: true }).fill(person.password);
    await page.getByLabel('手机号', { exact: true }).fill(person.mobile);
    await shots.check(page, 'register-filled');
    await page.getByRole('button', { name: '马上注册', exact: true }).click();
    await page.getByRole('heading', { name: '注册成功', exact: true }).waitFor();
    await page.getByText(person.email, { exact: false }).waitFor();
    await shots.check(page, 'register-done');
  });

  test('the emailed link activates the account on a press (the old address leads to the console page)', async () => {
    const link = await mailedLink(person.email, 'Activate');
    expect(link).toMatch(/^\/activate#token=/);
    await page.goto(link);
    await page.waitForURL(/\/console\/activate#token=/);
    await page.getByRole('heading', { name: '激活账号', exact: true }).waitFor();
    await shots.check(page, 'activate');
    await page.getByRole('button', { name: '激活', exact: true }).click();
    await page.getByText(`账号 ${person.loginName} 已激活，请登录`).waitFor();
    await shots.check(page, 'activated');
    // The same link again: used, and the page offers a new one.
    await page.reload();
    await page.getByRole('button', { name: '激活', exact: true }).click();
    await page.getByText('激活链接已使用过', { exact: true }).waitFor();
    await page.getByRole('heading', { name: '重新发送激活链接', exact: true }).waitFor();
    await page.getByLabel('用户名', { exact: true }).fill(person.loginName);
    await page.getByRole('button', { name: '重新发送', exact: true }).click();
    await page.getByText('如该账号尚未激活，激活链接已重新发送', { exact: false }).waitFor();
    await shots.check(page, 'activate-used');
  });

  test('signing in with the captcha; 记住用户名 fills the name next time', async () => {
    await page.getByRole('link', { name: '返回登录', exact: true }).click();
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    await page.getByLabel('用户名', { exact: true }).fill(person.loginName);
    await page.getByLabel('密码', { exact: true }).fill(person.password);
    await page.getByLabel('验证码', { exact: true }).fill(CAPTCHA);
    await page.getByRole('checkbox', { name: '记住用户名' }).check();
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    await shots.check(page, 'signed-in');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
    expect(await page.getByLabel('用户名', { exact: true }).inputValue()).toBe(person.loginName);
  });

  test('a forgotten password: the reset link, the rules on the field, the new password signs in', async () => {
    await page.getByRole('link', { name: '忘记密码', exact: true }).click();
    await page.getByRole('heading', { name: '忘记密码', exact: true }).waitFor();
    await page.getByLabel('用户名', { exact: true }).fill(person.loginName);
    await page.getByRole('button', { name: '发送重置链接', exact: true }).click();
    await page.getByText('重置密码链接已发送', { exact: false }).waitFor();
    await shots.check(page, 'forgot-sent');

    await page.goto(await mailedLink(person.email, 'Reset'));
    await page.waitForURL(/\/console\/password\/reset#token=/);
    await page.getByRole('heading', { name: '重置密码', exact: true }).waitFor();
    await page.getByLabel('新密码', { exact: true }).fill('short1');
    await page.getByLabel('新密码', { exact: true }).fill('12345678');
    await itemOf(page, '新密码').getByText('密码长度 6–15 位，须同时包含字母和数字', { exact: true }).waitFor();
    await shots.check(page, 'reset-refused');
    await page.getByLabel('新密码', { exact: true }).fill(person.newPassword);
    await page.getByLabel('确认新密码', { exact: true }).fill(person.newPassword);
    await page.getByRole('button', { name: '重置密码', exact: true }).click();
    await page.getByText(`账号 ${person.loginName} 的密码已重置，请用新密码登录`).waitFor();
    await shots.check(page, 'reset-done');

    await page.getByRole('link', { name: '去登录', exact: true }).click();
    await page.getByLabel('密码', { exact: true }).fill(person.newPassword);
    await page.getByLabel('验证码', { exact: true }).fill(CAPTCHA);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
  });
});

describe('in English', () => {
  test('the register page, its live check and its rules', async () => {
    const shots = new Screens('portal-account', 'en');
    const page = await stack.newPage('en');
    await page.goto('/console/register');
    await page.getByRole('heading', { name: 'Register an enterprise account', exact: true }).waitFor();
    await page.getByLabel('Login name', { exact: true }).fill('ab');
    await page.getByRole('button', { name: 'Check login name', exact: true }).click();
    await itemOf(page, 'Login name')
      .getByText('A login name has 6–15 letters, digits or _ . - @', { exact: true })
      .waitFor();
    await page.getByLabel('Password', { exact: true }).fill('abcdefg');
    await itemOf(page, 'Password')
      .getByText('A password has 6–15 characters with both letters and digits', { exact: true })
      .waitFor();
    await shots.check(page, 'register');
  });
});

/**
 * A UKey as the order process leaves it, made here directly: a key pair and a certificate of the
 * product's CA for the enterprise on the token, its user PIN set, the certificate recorded as installed
 * (on an order row) and bound to the enterprise by an approved binding.
 */
async function boundUKey(a: { enterpriseId: string; entityName: string; creditCode: string }, serial: string) {
  const { h } = stack;
  const subject = { organizationName: a.entityName, creditCode: a.creditCode };
  const issued = await p11.withSession(serial, hsm.factoryPin, async (s) => {
    const id = Buffer.from('0c0d', 'hex');
    const { spki } = await s.generateRsaKeyPair(id, 'UKey');
    const csr = await buildCsr({
      subject: { ...subject, commonName: a.entityName },
      spki,
      sign: (tbs) => s.sign(id, tbs),
    });
    const cert = await h.services.ca.issue({ csrDer: csr, subject, validityYears: 1 });
    s.writeCertificate(id, 'UKey certificate', cert.der);
    s.setPin(hsm.factoryPin, UKEY_PIN);
    return cert;
  });
  const orderId = randomUUID();
  await h.db
    .insertInto('ca_orders')
    .values({
      id: orderId,
      order_no: `T${Date.now()}${serial.slice(-4)}`,
      enterprise_id: a.enterpriseId,
      service_id: 'org-primary',
      service: JSON.stringify({}),
      quantity: 1,
      unit_price_fen: 0,
      total_fen: 0,
      status: 'completed',
      registration: JSON.stringify({}),
      invoice: JSON.stringify({}),
      shipping: JSON.stringify({}),
      agreement: JSON.stringify({}),
      process_id: `test-${orderId}`,
      workflow_input: JSON.stringify({}),
      created_by: 'test',
    } as never)
    .execute();
  await h.db
    .insertInto('certificates')
    .values({
      serial_hex: issued.serialHex,
      order_id: orderId,
      item_id: `${orderId}-1`,
      enterprise_id: a.enterpriseId,
      token_serial: serial,
      subject_dn: issued.subjectDn,
      issuer_dn: issued.issuerDn,
      not_before: issued.notBefore,
      not_after: issued.notAfter,
      fingerprint_sha256: 'test',
      pem: issued.pem,
      status: 'installed',
    } as never)
    .execute();
  await h.db
    .insertInto('ca_bindings')
    .values({
      id: randomUUID(),
      enterprise_id: a.enterpriseId,
      token_serial: serial,
      certificate_serial: issued.serialHex,
      subject_dn: issued.subjectDn,
      not_after: issued.notAfter,
      change: 'add',
      review_status: 'approved',
      active: true,
      created_by: 'test',
      decided_at: new Date(),
    } as never)
    .execute();
}

describe('使用CA锁登录', () => {
  test('the UKeys plugged in, a wrong PIN with the attempts left, a locked UKey, then the login', async () => {
    const a = await activeApplicant(stack.h, adminToken);
    const [good, locked] = hsm.serials;
    await boundUKey(a, good);
    await boundUKey(a, locked);
    // The second UKey took every wrong PIN it allows (counted on the UKey, as at any agent).
    for (let i = 0; i < PIN_LIMIT; i++)
      await p11.withSession(locked, '000000', async () => undefined).catch(() => undefined);

    const shots = new Screens('portal-account-calock', 'zh');
    const page = await stack.newPage('zh');
    await page.goto('/console/signin');
    await page.getByRole('checkbox', { name: '使用CA锁登录' }).check();
    const goodKey = page.getByRole('radio', { name: new RegExp(good) });
    const lockedKey = page.getByRole('radio', { name: new RegExp(locked) });
    await goodKey.waitFor();
    await page.getByText('已锁定，请联系 CA 服务窗口解锁').waitFor();
    expect(await lockedKey.isDisabled()).toBe(true);
    await page.getByText(`PIN 码还可尝试 ${PIN_LIMIT} 次`).waitFor();
    await shots.check(page, 'calock');

    await goodKey.check();
    await page.getByLabel('PIN 码', { exact: true }).fill('000000');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await itemOf(page, 'PIN 码')
      .getByText(`PIN 码不正确，还可尝试 ${PIN_LIMIT - 1} 次`)
      .waitFor();
    await page.getByText(`PIN 码还可尝试 ${PIN_LIMIT - 1} 次`).waitFor();
    await shots.check(page, 'calock-wrong-pin');

    await page.getByLabel('PIN 码', { exact: true }).fill(UKEY_PIN);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByRole('button', { name: '退出登录' }).waitFor();
    expect(await page.evaluate<string>("fetch('/api/v1/auth/me').then((r) => r.json()).then((u) => u.loginName)")).toBe(
      a.loginName,
    );
  });
});

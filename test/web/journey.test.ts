/**
 * The whole way in Chromium against the real stack (Temporal, PostgreSQL, SoftHSM2 behind a token
 * station and the UKey helper), every step a person takes done on the console's screens: the
 * administrator creates the staff (系统管理); an enterprise registers (A3), activates from the link the
 * dev outbox shows (O4, A4), signs in, fills the wizard (A5) and submits it to two chosen reviewers
 * (A6); reviewer 1 returns it with two marked fields (R3); the applicant corrects only those two (the
 * rest is locked) and resubmits; both reviewers approve and the phone review approves (R4); the
 * applicant orders two UKeys (A8/A9: mismatched twice-entered fields shown, then matched), pays online
 * through the simulator (A11) and uploads the materials (A12); the CA administrator refuses one
 * document (R5); the applicant replaces it; the CA administrator approves; the 授权码 is read in the dev
 * outbox; the applicant makes both UKeys at the token station with live progress (A15/A16) and adds a
 * CA lock read by the UKey helper on their computer (A17, under 企业信息), which the binding
 * administrator approves (R7); the applicant signs out and signs in with 使用CA锁登录 (A2), landing on
 * 我的业务 (A19) with every stage done. The applicant is in one browser context, each member of staff in
 * their own. axe finds no WCAG 2 A/AA violation on any screen passed; each is photographed into
 * test-output/screens/journey/.
 */
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import type { Page } from 'playwright-core';
import { startAgent, type RunningAgent } from '../../agent/app';
import { TokenLocks } from '../../integrations/token/locks';
import { createLogger } from '../../platform/logger';
import { freePort } from '../../scripts/temporal-dev';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { newCreditCode, newResidentId, SCANS, uniq } from '../support/enterprise';
import { bundle, CAPTCHA, PASSWORD } from '../support/harness';
import { jpeg } from '../support/scans';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';
import { Screens, signInThroughPage, startConsoleStack, type ConsoleStack } from '../support/console';
import {
  acceptAgreements,
  checkSettled,
  fillOrderRest,
  formItemOf,
  openTaskFromInbox,
  orderField,
  pickOption,
  reloadUntil,
  progressSeen,
  stageStates,
  uploadMaterial,
  watchProgress,
} from '../support/pages';

const STATION = 'journey-station';
const SIGN_IN = { loginName: '用户名', password: '密码', captcha: '验证码', submit: '登录' };
const AGREEMENTS = {
  agreementPlatform: '《e签宝项目专用平台服务协议》',
  agreementCa: '《ZJCA电子认证服务申请责任书》',
  readIt: '我已阅读',
};

/** The staff the administrator creates on 人员与角色: login name, name, role label. */
const STAFF = [
  ['jr_rev1', '韩审核', '企业注册审核'],
  ['jr_rev2', '吕审核', '企业注册审核'],
  ['jr_phone', '任电话', '企业注册审核'],
  ['jr_ca', '方CA', 'CA 管理员'],
  ['jr_bind', '施绑定', '绑定管理员'],
] as const;

let stack: ConsoleStack;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
let agent: RunningAgent;

// The machine is shared: the workflows and the station may take a while.
jest.setTimeout(300_000);

beforeAll(async () => {
  // The page's origin is the product's (PUBLIC_URL): the agent trusts it, a login signature names it, and
  // the payment simulator's page is there. The agent listens at an address fixed before the app starts.
  const port = await freePort();
  const agentPort = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  hsm = await createSoftHsm(2);
  stack = await startConsoleStack({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    env: {
      PUBLIC_URL: origin,
      UKEY_AGENT_URL: `http://127.0.0.1:${agentPort}`,
      STATION_ID: STATION,
      PKCS11_MODULE: hsm.modulePath,
      TOKEN_FACTORY_PIN: hsm.factoryPin,
    },
    port,
  });
  const { h } = stack;
  connection = await NativeConnection.connect({ address: h.config.temporal.address });
  station = await createTokenStation({
    config: h.config,
    db: h.db,
    secrets: h.services.secrets,
    ca: h.services.ca,
    connection,
    logger: createLogger('silent'),
  });
  void station.run();
  // The agent on the applicant's computer sees the same UKeys (SoftHSM2 is loaded once per process).
  agent = await startAgent({
    module: station.module,
    locks: new TokenLocks(),
    trustedOrigins: [origin],
    port: agentPort,
    logger: false,
  });
  // The first administrator exists before anyone can sign in.
  await h.staff('jr_admin', ['admin', 'operator']);
}, 180_000);

afterAll(async () => {
  await agent?.close();
  await station?.stop();
  await connection?.close();
  await stack?.close();
  await hsm?.cleanup();
});

const shots = new Screens('journey', 'zh');
const check = (page: Page, name: string) => checkSettled(shots, page, name);

const suffix = uniq();
const person = {
  entityName: `义乌市${suffix}建设工程有限公司`,
  loginName: `jr_${suffix}`.slice(0, 15),
  password: 'Yiwu2026ab',
  contactName: '戴进波',
  mobile: `139${String(Date.now() % 1e8).padStart(8, '0')}`,
  email: `journey-${suffix}@example.cn`,
  creditCode: newCreditCode(),
  idNumber: newResidentId(),
};
const reason = '企业地址与营业执照不一致，经营范围不完整。';

/** The step the journey stopped at: the steps after it fail at once, naming it. */
let stoppedAt: string | null = null;

/** One step of the journey; each goes on from where the one before left the people and their screens. */
const step = (name: string, fn: () => Promise<void>) =>
  test(name, async () => {
    if (stoppedAt) throw new Error(`not reached: the journey stopped at "${stoppedAt}"`);
    try {
      await fn();
    } catch (err) {
      stoppedAt = name;
      throw err;
    }
  });

let admin: Page;
let applicant: Page;
const staffPages: Record<string, Page> = {};

/** A member of staff's own browser, signed in through the sign-in page. */
async function staffPage(loginName: string): Promise<Page> {
  if (staffPages[loginName]) return staffPages[loginName];
  const page = await stack.newPage('zh');
  page.setDefaultTimeout(60_000);
  await page.goto('/console/signin');
  await signInThroughPage(page, loginName, SIGN_IN);
  await page.getByRole('heading', { name: '待办任务', exact: true }).waitFor();
  staffPages[loginName] = page;
  return page;
}

/** The applicant opens a screen from the main menu. */
const menu = (page: Page, name: string) =>
  page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name, exact: true }).click();

/** The newest dev-outbox message to `to` whose text matches `pattern`, as the operator reads it on O4. */
async function readOutbox(page: Page, to: string, pattern: RegExp, name: string): Promise<RegExpExecArray> {
  await menu(page, '开发发件箱');
  await page.getByRole('heading', { name: '开发发件箱', exact: true }).waitFor();
  await page.getByLabel('收件人', { exact: true }).fill(to);
  await page.getByRole('button', { name: '查询', exact: true }).click();
  const row = page.locator('tbody tr.ant-table-row').filter({ hasText: pattern }).first();
  for (let i = 0; ; i++) {
    try {
      await row.waitFor({ timeout: 3_000 });
      break;
    } catch (err) {
      if (i === 20) throw err;
      await page.getByRole('button', { name: '刷新', exact: true }).click();
    }
  }
  await check(page, name);
  return pattern.exec((await row.textContent()) ?? '')!;
}

step('the administrator creates the staff on 人员与角色', async () => {
  admin = await stack.newPage('zh');
  admin.setDefaultTimeout(60_000);
  await admin.goto('/console/signin');
  await signInThroughPage(admin, 'jr_admin', SIGN_IN);
  await menu(admin, '系统管理');
  await admin.getByRole('heading', { name: '系统管理', exact: true }).waitFor();
  for (const [login, name, role] of STAFF) {
    await admin.locator('#staff_loginName').fill(login);
    await admin.locator('#staff_displayName').fill(name);
    await admin.locator('#staff_password').fill(PASSWORD);
    await admin.locator('#staff_department').fill(role === '企业注册审核' ? '交易中心' : 'CA 服务窗口');
    await admin.getByRole('checkbox', { name: role, exact: true }).check();
    await admin.getByRole('button', { name: '创建', exact: true }).click();
    await admin.getByText(`已创建：${login}`).waitFor();
    expect(await admin.locator('tbody tr').filter({ hasText: login }).textContent()).toContain(role);
  }
  await check(admin, 'admin-staff-created');
});

step('A3: the enterprise registers on the register page', async () => {
  applicant = await stack.newPage('zh');
  applicant.setDefaultTimeout(60_000);
  await applicant.goto('/console/signin');
  await applicant.getByRole('heading', { name: '登录', exact: true }).waitFor();
  await check(applicant, 'signin');
  await applicant.getByRole('link', { name: '注册', exact: true }).click();
  await applicant.getByRole('heading', { name: '企业用户注册', exact: true }).waitFor();
  await applicant.getByLabel('主体名称', { exact: true }).fill(person.entityName);
  await applicant.getByRole('button', { name: '检测主体名称', exact: true }).click();
  await applicant.getByText('该主体名称可用', { exact: true }).waitFor();
  await applicant.getByLabel('登录用户名', { exact: true }).fill(person.loginName);
  await applicant.getByRole('button', { name: '检测登录名', exact: true }).click();
  await applicant.getByText('该登录用户名可用', { exact: true }).waitFor();
  await applicant.getByLabel('输入密码', { exact: true }).fill(person.password);
  await applicant.getByText('同时包含字母和数字（已满足）').waitFor();
  await applicant.getByLabel('确认密码', { exact: true }).fill(person.password);
  await applicant.getByLabel('联系人', { exact: true }).fill(person.contactName);
  await applicant.getByLabel('手机号', { exact: true }).fill(person.mobile);
  await applicant.getByLabel('电子邮箱', { exact: true }).fill(person.email);
  await check(applicant, 'register-filled');
  await applicant.getByRole('button', { name: '马上注册', exact: true }).click();
  await applicant.getByRole('heading', { name: '注册成功', exact: true }).waitFor();
  await applicant.getByText(person.email, { exact: false }).waitFor();
  await check(applicant, 'register-done');
});

step('A4: the activation link read in the dev outbox (O4) activates the account; the applicant signs in', async () => {
  const [url] = await readOutbox(
    admin,
    person.email,
    /https?:\/\/[^\s]+\/activate#token=[A-Za-z0-9_-]+/,
    'outbox-activation',
  );
  const link = new URL(url);
  await applicant.goto(link.pathname + link.hash);
  await applicant.getByRole('heading', { name: '激活账号', exact: true }).waitFor();
  await check(applicant, 'activate');
  await applicant.getByRole('button', { name: '激活', exact: true }).click();
  await applicant.getByText(`账号 ${person.loginName} 已激活，请登录`).waitFor();
  await check(applicant, 'activated');
  await applicant.getByRole('link', { name: '去登录', exact: true }).click();
  await applicant.getByLabel('用户名', { exact: true }).fill(person.loginName);
  await applicant.getByLabel('密码', { exact: true }).fill(person.password);
  await applicant.getByLabel('验证码', { exact: true }).fill(CAPTCHA);
  await applicant.getByRole('button', { name: '登录', exact: true }).click();
  await applicant.getByRole('heading', { name: '我的业务' }).waitFor();
  await applicant.locator('[data-stage="registration"]').waitFor();
  expect(await stageStates(applicant)).toMatchObject({ registration: 'current', order: 'waiting' });
  await check(applicant, 'case-start');
});

step('A5–A6: the wizard filled and submitted to two chosen reviewers (选择人员)', async () => {
  const page = applicant;
  await menu(page, '资料完善');
  await page.getByRole('heading', { name: '注册须知' }).waitFor();
  await check(page, 'wizard-notice');
  await page.getByRole('button', { name: '开始注册', exact: true }).click();
  for (const label of ['企业会员', '工程建设', '投标人'])
    await page.locator('label').filter({ hasText: label }).click();
  await check(page, 'wizard-category');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  await page.locator('#profile_enterprise_creditCode').waitFor();
  expect(await page.locator('#profile_enterprise_name').inputValue()).toBe(person.entityName);
  await page.locator('#profile_enterprise_creditCode').fill(person.creditCode);
  await pickOption(page, 'profile_enterprise_type', '有限责任公司');
  await page.locator('#profile_enterprise_address').fill('义乌市稠城街道工人北路1号');
  await page.locator('#profile_enterprise_registeredCapital').fill('2000');
  await page.locator('#profile_enterprise_establishedOn').fill('2008-03-18');
  await page.locator('label').filter({ hasText: '长期' }).click();
  await page.locator('#profile_enterprise_businessScope').fill('房屋建筑工程施工。');
  await check(page, 'wizard-enterprise');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  await page.locator('#profile_legalRepresentative_name').waitFor();
  await page.locator('#profile_legalRepresentative_name').fill('刘廷生');
  await pickOption(page, 'profile_legalRepresentative_idType', '居民身份证');
  await page.locator('#profile_legalRepresentative_idNumber').fill(person.idNumber);
  await page.locator('#profile_legalRepresentative_mobile').fill('13967979860');
  await page.locator('#profile_legalRepresentative_address').fill('义乌市稠城街道');
  await check(page, 'wizard-legal-representative');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  await page.locator('#profile_contact_name').waitFor();
  await page.locator('#profile_contact_name').fill(person.contactName);
  await page.locator('#profile_contact_mobile').fill(person.mobile);
  await page.locator('#profile_contact_email').fill(person.email);
  await check(page, 'wizard-contact');
  await page.getByRole('button', { name: '下一步', exact: true }).click();

  await page.getByText('勿上传照片与复印件').waitFor();
  const scan = (kind: string, name: string, mimeType: string, buffer: Buffer) =>
    page.locator(`input[data-kind="${kind}"]`).setInputFiles({ name, mimeType, buffer });
  await scan('business_license', '营业执照.pdf', 'application/pdf', SCANS.pdf);
  await page.getByText('下载 营业执照.pdf').waitFor();
  await scan('legal_rep_id_front', '人像面.jpg', 'image/jpeg', SCANS.jpeg);
  await page.getByText('下载 人像面.jpg').waitFor();
  await scan('legal_rep_id_back', '国徽面.png', 'image/png', SCANS.png);
  await page.getByText('下载 国徽面.png').waitFor();
  await check(page, 'wizard-attachments');

  await page.getByRole('button', { name: '提交', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('选择人员').waitFor();
  await pickOption(page, 'reviewers_reviewers_0', 'jr_rev1');
  await pickOption(page, 'reviewers_reviewers_1', 'jr_rev2');
  await check(page, 'wizard-submit-dialog');
  await dialog.getByRole('button', { name: '确认', exact: true }).click();
  await page.getByRole('heading', { name: '注册审核进度' }).waitFor();
  await page.getByText('审核中', { exact: true }).waitFor();
  await check(page, 'registration-in-review');
});

step('R3: reviewer 1 finds the task in 我的待办 and returns it with two marked fields', async () => {
  const page = await staffPage('jr_rev1');
  await check(page, 'reviewer-inbox');
  await openTaskFromInbox(page, {
    tab: '我的待办',
    entityName: person.entityName,
    kindLabel: '企业注册审核',
    firstOutcome: '通过',
  });
  await page.getByRole('heading', { name: /提交的注册资料/ }).waitFor();
  expect(await page.locator('tr[data-field="enterprise.address"]').textContent()).toContain('工人北路1号');
  await page.getByRole('button', { name: '标记补正：企业地址' }).click();
  await page.getByRole('button', { name: '标记补正：经营范围' }).click();
  await page.locator('#decision_comment').fill(reason);
  await check(page, 'review-1-marked');
  await page.getByRole('button', { name: '退回修改', exact: true }).click();
  await page.getByText('已办理：退回修改').waitFor();
  await check(page, 'review-1-returned');
});

step('the applicant corrects only the two marked fields (the rest locked) and resubmits', async () => {
  const page = applicant;
  await menu(page, '资料完善');
  await page.getByText('资料已退回补正').waitFor();
  await page.getByRole('button', { name: '下一步', exact: true }).click();
  await page.locator('#profile_enterprise_address').waitFor();
  for (const id of ['profile_enterprise_address', 'profile_enterprise_businessScope'])
    expect({ id, enabled: await page.locator(`#${id}`).isEnabled() }).toEqual({ id, enabled: true });
  for (const id of ['profile_enterprise_creditCode', 'profile_enterprise_registeredCapital'])
    expect({ id, disabled: await page.locator(`#${id}`).isDisabled() }).toEqual({ id, disabled: true });
  expect(await formItemOf(page, 'profile_enterprise_address').textContent()).toContain(reason);
  expect(await formItemOf(page, 'profile_enterprise_creditCode').textContent()).not.toContain(reason);
  await check(page, 'returned-enterprise');
  await page.locator('#profile_enterprise_address').fill('义乌市稠城街道工人北路1号（营业执照地址）');
  await page.locator('#profile_enterprise_businessScope').fill('房屋建筑工程施工，市政公用工程施工。');
  await check(page, 'returned-corrected');
  await page.getByRole('button', { name: '下一步', exact: true }).click();
  await page.locator('#profile_legalRepresentative_name').waitFor();
  for (const id of ['profile_legalRepresentative_name', 'profile_legalRepresentative_mobile'])
    expect({ id, disabled: await page.locator(`#${id}`).isDisabled() }).toEqual({ id, disabled: true });

  await page.getByRole('button', { name: '提交', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('由原审核人员继续审核').waitFor();
  await check(page, 'resubmit-dialog');
  await dialog.getByRole('button', { name: '确认', exact: true }).click();
  await page.getByText('第 2 轮').waitFor();
  await check(page, 'registration-round-2');
});

step('R3–R4: both reviewers approve round 2 and the phone review approves', async () => {
  const rev1 = await staffPage('jr_rev1');
  await openTaskFromInbox(rev1, {
    tab: '我的待办',
    entityName: person.entityName,
    kindLabel: '企业注册审核',
    firstOutcome: '通过',
  });
  const addressRow = rev1.locator('tr[data-field="enterprise.address"]');
  await addressRow.getByText('营业执照地址', { exact: false }).waitFor();
  expect(await addressRow.locator('[data-changed]').textContent()).toContain('本轮修改');
  await check(rev1, 'review-1-round-2');
  await rev1.getByRole('button', { name: '通过', exact: true }).click();
  await rev1.getByText('已办理：通过').waitFor();

  const rev2 = await staffPage('jr_rev2');
  await openTaskFromInbox(rev2, {
    tab: '我的待办',
    entityName: person.entityName,
    kindLabel: '企业注册审核',
    firstOutcome: '通过',
  });
  await rev2.locator('#decision_comment').fill('同意。');
  await check(rev2, 'review-2');
  await rev2.getByRole('button', { name: '通过', exact: true }).click();
  await rev2.getByText('已办理：通过').waitFor();

  const phone = await staffPage('jr_phone');
  await openTaskFromInbox(phone, {
    tab: '待领取',
    entityName: person.entityName,
    kindLabel: '电话审核',
    firstOutcome: '通过',
  });
  await phone.getByLabel('来电人姓名', { exact: true }).fill(person.contactName);
  await phone.getByLabel('来电号码', { exact: true }).fill(person.mobile);
  await phone.getByLabel('审核记录', { exact: true }).fill('电话核实无误。');
  await check(phone, 'phone-review');
  await phone.getByRole('button', { name: '通过', exact: true }).click();
  await phone.getByText('已办理：通过').waitFor();
  await check(phone, 'phone-review-approved');

  // The applicant's status: approved, the 意见 table by department.
  await menu(applicant, '注册审核进度');
  await reloadUntil(applicant, applicant.getByText('审核通过', { exact: true }));
  const table = applicant.locator('table').filter({ hasText: '业务步骤' });
  for (const text of [reason, '同意。', '交易中心']) expect(await table.textContent()).toContain(text);
  expect(await applicant.locator('main').textContent()).not.toContain('jr_rev');
  await check(applicant, 'registration-approved');
});

let orderNo = '';
let handlerMobile = '';

step('A8–A11: the order, with a mismatched twice-entered name shown then matched, paid online', async () => {
  const page = applicant;
  await menu(page, '选择服务');
  const buy = page.getByRole('link', { name: '点击购买 机构证书（主锁）' });
  await buy.waitFor();
  await check(page, 'catalogue');
  await buy.click();
  await orderField(page, 'organization_nameConfirm').waitFor();
  expect(await orderField(page, 'organization_name').inputValue()).toBe(person.entityName);
  expect(await orderField(page, 'organization_creditCode').inputValue()).toBe(person.creditCode);
  await orderField(page, 'quantity').fill('2');
  await page.getByText('¥1200.00').waitFor();
  await check(page, 'order-form');

  await orderField(page, 'organization_nameConfirm').fill(`${person.entityName}分公司`);
  await page.locator('#order_organization_nameConfirm_help').getByText('两次输入的机构名称不一致').waitFor();
  await orderField(page, 'organization_creditCodeConfirm').fill(`${person.creditCode.slice(0, 17)}X`);
  await page.locator('#order_organization_creditCodeConfirm_help').waitFor();
  await check(page, 'order-mismatch');
  await orderField(page, 'organization_nameConfirm').fill(person.entityName);
  await orderField(page, 'organization_creditCodeConfirm').fill(person.creditCode);
  await page.locator('#order_organization_nameConfirm_help').waitFor({ state: 'detached' });
  await page.locator('#order_organization_creditCodeConfirm_help').waitFor({ state: 'detached' });
  expect(await page.getByRole('img', { name: '一致' }).count()).toBeGreaterThanOrEqual(2);
  await fillOrderRest(page, newResidentId());
  handlerMobile = await orderField(page, 'handler_mobile').inputValue();
  expect(handlerMobile).toBe(person.mobile);
  await acceptAgreements(page, AGREEMENTS);
  await check(page, 'order-matched');
  await page.getByRole('button', { name: '提交订单', exact: true }).click();

  await page.waitForURL(/\/console\/portal\/orders\/[^/]+\/payment$/);
  await page.getByRole('button', { name: '去支付' }).waitFor();
  await check(page, 'payment');
  await page.getByText('支付宝', { exact: true }).click();
  const [simulator] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: '去支付' }).click(),
  ]);
  await simulator.getByRole('button', { name: '确认支付 Pay' }).click();
  await simulator.getByText('"notified":true').waitFor();
  await simulator.close();
  await page.getByText('支付成功', { exact: true }).waitFor({ timeout: 60_000 });
  await check(page, 'paid');
});

step(
  'A12, R5: the materials uploaded; the CA administrator refuses one document; it is replaced; approved',
  async () => {
    const page = applicant;
    await page.getByRole('link', { name: '下一步：提交材料' }).click();
    await page.locator('#material_business_license').waitFor();
    orderNo = /订单号：(\S+)/.exec((await page.locator('main').textContent()) ?? '')![1];
    await uploadMaterial(page, 'business_license', '营业执照.pdf', SCANS.pdf, 'application/pdf');
    await uploadMaterial(page, 'handler_id', '经办人身份证.jpg', SCANS.jpeg, 'image/jpeg');
    await uploadMaterial(page, 'application_form', '申请表.pdf', SCANS.pdf, 'application/pdf');
    await page.getByRole('img', { name: '经办人身份证.jpg' }).waitFor();
    await page.getByRole('link', { name: /申请表\.pdf/ }).waitFor();
    await check(page, 'materials');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('材料已提交，等待 CA 审核。').waitFor({ timeout: 90_000 });
    await check(page, 'materials-submitted');

    const ca = await staffPage('jr_ca');
    await openTaskFromInbox(ca, {
      tab: '待领取',
      entityName: person.entityName,
      kindLabel: '订单材料审核',
      firstOutcome: '通过',
    });
    await ca.getByLabel('经办人身份证', { exact: true }).fill('身份证扫描件模糊，请重新上传');
    await ca.getByLabel('办理意见', { exact: true }).fill('经办人身份证不清晰');
    await check(ca, 'materials-review');
    await ca.getByRole('button', { name: '不通过', exact: true }).click();
    await ca.getByText('已办理：不通过').waitFor();

    // The applicant finds the refusal from 我的订单 and replaces the document.
    await menu(page, '我的订单');
    const row = page.locator('tr').filter({ hasText: orderNo });
    await reloadUntil(page, row.getByText('材料退回，待补正'));
    await check(page, 'my-orders-refused');
    await row.getByRole('link', { name: `提交材料 ${orderNo}` }).click();
    await page.getByText('CA 审核意见：身份证扫描件模糊，请重新上传').waitFor();
    await page.getByText('经办人身份证不清晰').waitFor();
    await check(page, 'materials-refused');
    await uploadMaterial(page, 'handler_id', '经办人身份证-清晰.jpg', jpeg(), 'image/jpeg');
    await page.getByText('已重新上传', { exact: true }).waitFor();
    await page.getByRole('img', { name: '经办人身份证-清晰.jpg' }).waitFor();
    await check(page, 'materials-replaced');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.getByText('材料已提交，等待 CA 审核。').waitFor({ timeout: 90_000 });

    await openTaskFromInbox(ca, {
      tab: '待领取',
      entityName: person.entityName,
      kindLabel: '订单材料审核',
      firstOutcome: '通过',
    });
    await ca.getByLabel('办理意见', { exact: true }).fill('材料齐全');
    await check(ca, 'materials-review-2');
    await ca.getByRole('button', { name: '通过', exact: true }).click();
    await ca.getByText('已办理：通过').waitFor();
    await check(ca, 'materials-approved');
  },
);

let authCode = '';
let initialPin = '';

step('A15–A16: the 授权码 from the dev outbox; two UKeys made at the token station with live progress', async () => {
  const [, code, pin] = await readOutbox(
    admin,
    handlerMobile,
    /制证授权码：([A-Z0-9]{6})，ukey 初始 pin 码：(\d{6})/,
    'outbox-auth-code',
  );
  authCode = code;
  initialPin = pin;

  const page = applicant;
  await menu(page, '我的业务');
  await page.getByText('制作 UKey（剩余 2 个）').waitFor();
  await check(page, 'case-ukeys-next');
  await menu(page, '待制作证书');
  const row = page.locator('tr', { hasText: orderNo });
  await row.getByText(person.entityName).waitFor();
  await page.getByText(/制证工作站：.*（在线）/).waitFor();
  await check(page, 'production-list');
  await page.getByRole('link', { name: `制证 ${orderNo}` }).click();
  await page.getByRole('heading', { name: new RegExp(`制证 · .* ${orderNo}`) }).waitFor();
  const readers = page.locator('.ant-card', { hasText: '读卡器中的 UKey' });
  for (const serial of hsm.serials) await readers.locator('tr', { hasText: serial }).getByText('空白').waitFor();
  await check(page, 'make-blank-tokens');

  await page.getByLabel('授权码').fill(authCode);
  for (const [i, serial] of hsm.serials.entries()) {
    await page.locator('.ant-form-item', { hasText: 'UKey 序号' }).getByText(serial).waitFor();
    await watchProgress(page);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await page.getByText(`UKey ${serial} 制作完成`).waitFor({ timeout: 90_000 });
    const seen = await progressSeen(page);
    expect(seen[0]).toBe(`正在制作 UKey ${serial}：排队中`);
    expect(seen[seen.length - 1]).toBe(`UKey ${serial} 制作完成`);
    expect(seen.filter((line) => line.includes('失败'))).toEqual([]);
    expect(await page.locator('.ant-card', { hasText: '制证进度' }).locator('.ant-steps-item-finish').count()).toBe(5);
    await check(page, `make-done-${i + 1}`);
    await page.getByRole('button', { name: '确定', exact: true }).click();
  }
  await page.getByText('本订单的 UKey 已全部制作完成').waitFor();
  await check(page, 'make-all-done');
});

step('A17, R7: a CA lock added, read and submitted; the binding administrator approves', async () => {
  const page = applicant;
  // (企业信息 → 基础信息: the menu's 企业信息 opens CA 绑定信息, the first of its tabs)
  await menu(page, '企业信息');
  await page.getByText('尚未添加 CA 锁').waitFor();
  await check(page, 'bindings-empty');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  // The UKey plugged into this computer, as the UKey helper reads it.
  const dialog = page.getByRole('dialog', { name: 'CA锁绑定新增' });
  await dialog.locator('.ant-form-item', { hasText: '读取位置' }).getByText('本机（UKey 助手）').waitFor();
  await dialog.locator('.ant-form-item', { hasText: 'UKey' }).getByText(hsm.serials[0]).waitFor();
  await dialog.getByRole('button', { name: '获取锁信息', exact: true }).click();
  await dialog.getByText(person.creditCode, { exact: false }).first().waitFor();
  await check(page, 'bindings-lock-read');
  await dialog.getByRole('button', { name: '确认并返回', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  const bindingRow = page.locator('tr[data-binding]').filter({ hasText: hsm.serials[0] });
  await bindingRow.getByText('未提交').waitFor();
  await check(page, 'bindings-added');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await page
    .getByRole('dialog', { name: '提交 CA 绑定信息' })
    .getByRole('button', { name: '确定', exact: true })
    .click();
  await page.getByText('已提交。请联系管理员电话 0579-88894332，审核通过后方可使用 CA。').waitFor();
  await bindingRow.getByText('未审核').waitFor();
  await check(page, 'bindings-submitted');

  const bind = await staffPage('jr_bind');
  await openTaskFromInbox(bind, {
    tab: '待领取',
    entityName: person.entityName,
    kindLabel: 'CA 锁绑定审核',
    firstOutcome: '通过',
  });
  await bind.locator('tr[data-change]').filter({ hasText: hsm.serials[0] }).waitFor();
  await bind.locator('#decision_callerName').fill(person.contactName);
  await bind.locator('#decision_callerNumber').fill(person.mobile);
  await bind.locator('#decision_notes').fill('企业来电申请绑定，核对锁号');
  await check(bind, 'binding-review');
  await bind.getByRole('button', { name: '通过', exact: true }).click();
  await bind.getByText('已办理：通过').waitFor();
  await check(bind, 'binding-approved');

  await reloadUntil(page, bindingRow.getByText('已通过'));
  await bindingRow.getByText('正常').waitFor();
  await check(page, 'bindings-approved');
});

step('A2, A19: signed out, the applicant signs in with 使用CA锁登录 and finds the case done', async () => {
  const page = applicant;
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.getByRole('heading', { name: '登录', exact: true }).waitFor();
  await page.getByRole('checkbox', { name: '使用CA锁登录' }).check();
  const bound = page.getByRole('radio', { name: new RegExp(hsm.serials[0]) });
  await bound.waitFor();
  await bound.check();
  await page.getByLabel('PIN 码', { exact: true }).fill(initialPin);
  await check(page, 'signin-ca-lock');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '我的业务' }).waitFor();
  await page.getByText('全部环节已办结', { exact: false }).waitFor();
  await page.locator('[data-stage="binding"]').waitFor();
  expect(Object.values(await stageStates(page))).toEqual(Array(6).fill('done'));
  await page.getByText('CA 锁绑定审核通过').waitFor();
  await check(page, 'case-done');
  expect(await page.evaluate<string>("fetch('/api/v1/auth/me').then((r) => r.json()).then((u) => u.loginName)")).toBe(
    person.loginName,
  );
});

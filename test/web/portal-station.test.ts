/**
 * A15–A19 in Chromium against the real stack (Temporal, PostgreSQL, SoftHSM2 behind a token station):
 * an applicant whose registration was approved by two reviewers and the phone review, and whose order
 * for two UKeys was paid and approved (all through the API), signs in and lands on 我的业务; opens
 * 待制作证书 → 制证, sees the blank tokens read from the readers, types a wrong authorisation code (the
 * attempts left on the field), then the right one, and watches each UKey to 完成; adds a CA-lock binding
 * (获取锁信息 → 确认并返回 → 提交 → 确定), which the binding administrator approves (API); the bindings
 * table shows it approved; 我的证书 lists the two; 我的业务 shows every stage done; 损坏 revokes the
 * unbound one and links to the re-issue order. axe and a screenshot on every screen and step in
 * Chinese, then every screen again in English, where 申请解绑 adds a removal and 删除 takes it back.
 */
import path from 'node:path';
import { NativeConnection } from '@temporalio/worker';
import { startAgent, type RunningAgent } from '../../agent/app';
import { createLogger } from '../../platform/logger';
import { freePort } from '../../scripts/temporal-dev';
import { createTokenStation, type TokenStation } from '../../workers/token-station';
import { prepareRegistration, registerApplicant, type Applicant } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { orderDriver } from '../support/orders';
import { createSoftHsm, type TestSoftHsm } from '../support/softhsm';
import { Screens, startConsoleStack, type ConsoleStack } from '../support/console';
import { checkSettled as check, progressSeen, stageStates, watchProgress } from '../support/pages';

const STATION = 'portal-station';
let stack: ConsoleStack;
let hsm: TestSoftHsm;
let connection: NativeConnection;
let station: TokenStation;
let agent: RunningAgent;
let tokens: Record<string, string>;
let drive: ReturnType<typeof orderDriver>;

/** The phone review's and the binding review's call record. */
const CALL = {
  callerName: '戴进波',
  callerNumber: '13967979861',
  calledAt: '2026-11-25T02:15:00Z',
  notes: '核实为企业本人',
};

beforeAll(async () => {
  hsm = await createSoftHsm(2);
  // The page's origin is the product's (PUBLIC_URL), which the UKey helper on "this computer" trusts.
  const [port, agentPort] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${port}`;
  stack = await startConsoleStack({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    env: {
      STATION_ID: STATION,
      PKCS11_MODULE: hsm.modulePath,
      TOKEN_FACTORY_PIN: hsm.factoryPin,
      PUBLIC_URL: origin,
      UKEY_AGENT_URL: `http://127.0.0.1:${agentPort}`,
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
  // The UKey helper of the applicant's computer, over the same tokens (as `npm start` runs it).
  agent = await startAgent({
    module: station.module,
    locks: station.locks,
    trustedOrigins: [origin],
    port: agentPort,
    logger: false,
  });
  tokens = {};
  for (const [login, roles] of [
    ['ps_admin', ['admin', 'operator']],
    ['ps_ca', ['ca_admin']],
    ['ps_rev1', ['registration_reviewer']],
    ['ps_rev2', ['registration_reviewer']],
    ['ps_rev3', ['registration_reviewer']],
    ['ps_bind', ['binding_admin']],
  ] as const) {
    await h.staff(login, [...roles]);
    tokens[login] = await h.login(login);
  }
  drive = orderDriver(h, { admin: tokens.ps_admin, caAdmin: tokens.ps_ca }, STATION);
}, 120_000);

afterAll(async () => {
  await agent?.close();
  await station?.stop();
  await connection?.close();
  await stack?.close();
  await hsm?.cleanup();
});

/** The open task of `processId` at `step`, for `token`'s holder. */
const taskAt = (processId: string, step: string, token: string) =>
  eventually(
    async () =>
      (await stack.h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token }))
        .json()
        .items.find((t: { step: string }) => t.step === step) as { id: string } | undefined,
    `task at ${step}`,
  );

/** Registers an applicant and takes the registration through both reviews and the phone review. */
async function approvedApplicant(): Promise<Applicant & { creditCode: string }> {
  const { h } = stack;
  const a = await registerApplicant(h, tokens.ps_admin);
  const profile = await prepareRegistration(h, a);
  const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token });
  expect(submitted.statusCode).toBe(202);
  const processId = submitted.json().processId as string;
  for (const [step, reviewer, body] of [
    ['企业审核人1审核', 'ps_rev1', { outcome: 'approve', comment: '同意' }],
    ['企业审核人2审核', 'ps_rev2', { outcome: 'approve' }],
    ['电话审核', 'ps_rev3', { outcome: 'approve', fields: CALL }],
  ] as const) {
    const task = await taskAt(processId, step, tokens[reviewer]);
    const decided = await drive.decide(tokens[reviewer], task.id, body);
    expect({ step, status: decided.statusCode, body: decided.json() }).toMatchObject({ step, status: 200 });
  }
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json().status ===
      'approved',
    'the registration approved',
  );
  return { ...a, creditCode: profile.enterprise!.creditCode! };
}

test('an applicant makes two UKeys at the station, binds one, sees both certificates and the case done', async () => {
  const { h } = stack;
  const shots = new Screens('portal-station', 'zh');
  const a = await approvedApplicant();
  const order = await drive.placeOrder(a, 2);
  await drive.submitMaterials(a, order.id);
  await drive.notify((await drive.payOnline(a, order.id)).notice);
  const { code } = await drive.approveAndReadSms(a, order);
  const wrong = code === 'ABC123' ? 'ABC124' : 'ABC123';

  // Signed in, the applicant lands on 我的业务: the UKeys are next, in the applicant's own hands.
  const page = await stack.newPage('zh');
  page.setDefaultTimeout(60_000);
  await page.goto('/console/');
  await page.getByLabel('用户名', { exact: true }).fill(a.loginName);
  await page.getByLabel('密码', { exact: true }).fill(a.password);
  await page.getByLabel('验证码', { exact: true }).fill('pass1');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '我的业务' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/console/portal/case');
  await page.getByText('制作 UKey（剩余 2 个）').waitFor();
  expect(await stageStates(page)).toEqual({
    registration: 'done',
    order: 'done',
    payment: 'done',
    review: 'done',
    ukeys: 'current',
    binding: 'waiting',
  });
  await page.getByText('您（申请单位）').waitFor();
  await check(shots, page, 'case-ukeys-next');

  // A15 待制作证书: the order, with 制证.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '待制作证书' }).click();
  const row = page.locator('tr', { hasText: order.orderNo });
  await row.getByText(a.entityName).waitFor();
  await row.getByText('新领').waitFor();
  await page.getByText(/制证工作站：.*（在线）/).waitFor();
  await check(shots, page, 'production-list');
  await page.getByRole('link', { name: `制证 ${order.orderNo}` }).click();

  // A16 制证: both blank tokens read from the readers, one chosen, its model preselected.
  await page.getByRole('heading', { name: new RegExp(`制证 · .* ${order.orderNo}`) }).waitFor();
  const readers = page.locator('.ant-card', { hasText: '读卡器中的 UKey' });
  for (const serial of hsm.serials) await readers.locator('tr', { hasText: serial }).getByText('空白').waitFor();
  await page.locator('.ant-form-item', { hasText: 'UKey 序号' }).getByText(hsm.serials[0]).waitFor();
  await page.locator('.ant-form-item', { hasText: 'UKey 型号' }).getByText('SoftHSM v2').waitFor();
  await check(shots, page, 'make-blank-tokens');

  // A wrong code: refused on the field with the attempts left; nothing is made.
  await page.getByLabel('授权码').fill(wrong);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await page
    .locator('.ant-form-item', { hasText: '授权码' })
    .getByText(/授权码不正确，还可尝试 \d+ 次/)
    .waitFor();
  await check(shots, page, 'make-wrong-code');

  // The right code: each UKey's progress to 完成, then 确定, and the next blank one.
  await page.getByLabel('授权码').fill(code);
  for (const [i, serial] of hsm.serials.entries()) {
    await page.locator('.ant-form-item', { hasText: 'UKey 序号' }).getByText(serial).waitFor();
    // What the progress line said, each change recorded as the page shows it.
    await watchProgress(page);
    await page.getByRole('button', { name: '确认', exact: true }).click();
    await page.getByText(`UKey ${serial} 制作完成`).waitFor({ timeout: 60_000 });
    const seen = await progressSeen(page);
    expect(seen[0]).toBe(`正在制作 UKey ${serial}：排队中`);
    expect(seen[seen.length - 1]).toBe(`UKey ${serial} 制作完成`);
    expect(seen.filter((line) => line.includes('失败'))).toEqual([]);
    expect(await page.locator('.ant-card', { hasText: '制证进度' }).locator('.ant-steps-item-finish').count()).toBe(5);
    await check(shots, page, `make-done-${i + 1}`);
    await page.getByRole('button', { name: '确定', exact: true }).click();
    if (i === 0) {
      await page.getByText('拔下已制好的 Ukey，插入新的空白 Ukey').waitFor();
      await readers.locator('tr', { hasText: serial }).getByText('已有证书').waitFor();
      await check(shots, page, 'make-next-ukey');
    }
  }
  await page.getByText('本订单的 UKey 已全部制作完成').waitFor();
  await check(shots, page, 'make-all-done');
  const made = (await drive.order(a, order.id)).tokens as { tokenSerial: string; step: string }[];
  expect(made.map((t) => [t.tokenSerial, t.step])).toEqual(hsm.serials.map((s) => [s, 'done']));

  // A17 CA 绑定信息: 添加 → 获取锁信息 → 确认并返回 → 提交 → 确定.
  // (企业信息 → 基础信息: the menu's 企业信息 opens CA 绑定信息, the first of its tabs)
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '企业信息' }).click();
  await page.getByText('尚未添加 CA 锁').waitFor();
  await check(shots, page, 'bindings-empty');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  // The UKey plugged into this computer, as the UKey helper reads it.
  const dialog = page.getByRole('dialog', { name: 'CA锁绑定新增' });
  expect(await dialog.locator('.ant-form-item', { hasText: '读取位置' }).textContent()).toContain('本机（UKey 助手）');
  await dialog.locator('.ant-form-item', { hasText: 'UKey' }).getByText(hsm.serials[0]).waitFor();
  await dialog.getByRole('button', { name: '获取锁信息', exact: true }).click();
  await dialog.getByText(a.creditCode, { exact: false }).first().waitFor();
  await check(shots, page, 'bindings-lock-read');
  await dialog.getByRole('button', { name: '确认并返回', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });
  const [added] = (await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token })).json().items;
  expect(added).toMatchObject({ lockNo: hsm.serials[0], review: { code: 'unsubmitted' } });
  const bindingRow = page.locator(`tr[data-binding="${added.id}"]`);
  await bindingRow.getByText('未提交').waitFor();
  await check(shots, page, 'bindings-added');
  await page.getByRole('button', { name: '提交', exact: true }).click();
  await page
    .getByRole('dialog', { name: '提交 CA 绑定信息' })
    .getByRole('button', { name: '确定', exact: true })
    .click();
  await page.getByText('已提交。请联系管理员电话 0579-88894332，审核通过后方可使用 CA。').waitFor();
  await bindingRow.getByText('未审核').waitFor();
  await check(shots, page, 'bindings-submitted');

  // The binding administrator approves (API); the table says so.
  const processId = (await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token })).json()
    .items[0].processId as string;
  const review = await drive.taskFor(processId, 'binding.review', tokens.ps_bind);
  expect((await drive.decide(tokens.ps_bind, review.id, { outcome: 'approve', fields: CALL })).statusCode).toBe(200);
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token })).json().items[0]
        .active === true,
    'the binding in force',
  );
  await page.reload();
  await bindingRow.getByText('已通过').waitFor();
  await bindingRow.getByText('正常').waitFor();
  await check(shots, page, 'bindings-approved');

  // A18 我的证书: the two certificates, in use.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的证书' }).click();
  for (const serial of hsm.serials) await page.locator('tr', { hasText: serial }).getByText('有效').waitFor();
  await check(shots, page, 'certificates');

  // A19 我的业务: every stage done.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的业务' }).click();
  await page.getByText('全部环节已办结', { exact: false }).waitFor();
  expect(Object.values(await stageStates(page))).toEqual(Array(6).fill('done'));
  await page.getByText('CA 锁绑定审核通过').waitFor();
  await check(shots, page, 'case-done');

  // 损坏 on the unbound UKey: revoked, and the re-issue order one link away.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的证书' }).click();
  const certificates = (await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: a.token })).json()
    .items as { serial: string; tokenSerial: string }[];
  const unbound = certificates.find((c) => c.tokenSerial === hsm.serials[1])!;
  await page.getByRole('button', { name: `损坏 ${unbound.serial}` }).click();
  const report = page.getByRole('dialog', { name: 'UKey 损坏' });
  await report.getByLabel('说明（选填）').fill('UKey 摔坏无法识别');
  await check(shots, page, 'certificate-broken-dialog');
  await report.getByRole('button', { name: '确认提交', exact: true }).click();
  await page.getByText(`证书 ${unbound.serial} 已吊销。`).waitFor();
  await page.locator('tr', { hasText: unbound.serial }).getByText('已吊销').waitFor();
  const reissue = page.getByRole('link', { name: '申请补办（重新下单）' });
  expect(await reissue.getAttribute('href')).toBe(
    `/console/portal/orders/new?reissueOf=${unbound.serial}&serviceId=org-primary&quantity=1`,
  );
  await check(shots, page, 'certificate-reported');

  // Every screen again in English.
  const en = new Screens('portal-station', 'en');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My case' }).click();
  await page.getByText('Every stage is done', { exact: false }).waitFor();
  await check(en, page, 'case', 'en');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Certificates to make' }).click();
  await page.getByText('No certificate is waiting to be made').waitFor();
  await check(en, page, 'production-list', 'en');
  await page.goto(`/console/portal/station/orders/${order.id}`);
  await page.locator('tr', { hasText: hsm.serials[0] }).first().waitFor();
  await page.getByText('Every UKey of this order is made').waitFor();
  await check(en, page, 'make', 'en');
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Enterprise' }).click();
  await page.locator(`tr[data-binding="${added.id}"]`).getByText('approved').waitFor();
  await check(en, page, 'bindings', 'en');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  // Read in a station's reader this time.
  const enDialog = page.getByRole('dialog', { name: 'Add a CA lock' });
  await enDialog.locator('.ant-form-item', { hasText: 'UKey' }).getByText(hsm.serials[0]).waitFor();
  await enDialog.locator('#lock_source').click();
  await page.locator('.ant-select-dropdown:visible').getByText('Token station: ', { exact: false }).click();
  await enDialog.locator('.ant-form-item', { hasText: 'UKey' }).getByText(hsm.serials[0]).waitFor();
  await enDialog.getByRole('button', { name: 'Read the lock', exact: true }).click();
  await enDialog.getByText('This UKey is already bound').waitFor();
  await check(en, page, 'bindings-add-dialog', 'en');
  await enDialog.locator('.ant-modal-footer').getByRole('button', { name: 'Close', exact: true }).click();
  await enDialog.waitFor({ state: 'hidden' });

  // 申请解绑 adds a removal, not yet submitted; 删除 takes it back.
  await page.getByRole('button', { name: `Ask to unbind ${hsm.serials[0]}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true }).click();
  const removal = page.locator('tr', { hasText: 'remove' });
  await removal.getByText('not submitted').waitFor();
  const unbind = page.getByRole('button', { name: `Ask to unbind ${hsm.serials[0]}` });
  expect(await unbind.count()).toBe(0); // (one removal waiting at a time)
  await check(en, page, 'bindings-removal-added', 'en');
  await removal.getByRole('button', { name: `Delete ${hsm.serials[0]}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'OK', exact: true }).click();
  await removal.waitFor({ state: 'detached' });
  await unbind.waitFor();
  expect((await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token })).json().items).toEqual(
    [expect.objectContaining({ id: added.id, active: true, change: expect.objectContaining({ code: 'add' }) })],
  );
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'My certificates' }).click();
  await page.locator('tr', { hasText: unbound.serial }).getByText('Revoked').waitFor();
  await check(en, page, 'certificates', 'en');
}, 420_000);

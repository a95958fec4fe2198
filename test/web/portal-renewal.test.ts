/**
 * 续期 in Chromium against the real stack (Temporal, PostgreSQL, SoftHSM2 behind a token station): an
 * applicant whose two UKeys were made (through the API) opens 我的证书, presses 续期 on one certificate,
 * reads the renewal order pre-filled (the UKey, the renewal price, no review: the record is unchanged),
 * places it, pays online in the simulator, goes on to 制证 where the same UKey is offered, types the
 * authorisation code from the SMS and watches it renewed; 我的证书 then shows the old certificate
 * superseded and the new one in use, with exactly one usable certificate on the UKey. The other
 * certificate, expired past the grace period, says a new order is needed. axe and a screenshot on every
 * screen in Chinese, then the list and the renewal page in English.
 */
import type { Page } from 'playwright-core';
import type { TokenStation } from '../../workers/token-station';
import { activeApplicant, outbox } from '../support/enterprise';
import { eventually } from '../support/harness';
import type { TestSoftHsm } from '../support/softhsm';
import { Screens, type ConsoleStack } from '../support/console';
import { startStationConsole, type StationConsole } from '../support/station-console';

const STATION = 'renewal-station';
let env: StationConsole;
let stack: ConsoleStack;
let hsm: TestSoftHsm;
let station: TokenStation;
let drive: StationConsole['drive'];
let adminToken: string;

beforeAll(async () => {
  env = await startStationConsole({ stationId: STATION, tokens: 2, staff: 'rn' });
  ({ stack, hsm, station, adminToken, drive } = env);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

/** Checks the screen once the pointer has left what it pressed (a hovered button is mid-colour). */
async function check(shots: Screens, page: Page, name: string, lang: 'zh' | 'en' = 'zh') {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await shots.check(page, name, lang);
}

test('an applicant renews a certificate from 我的证书: order, payment, the same UKey renewed at the station', async () => {
  const { h } = stack;
  const shots = new Screens('portal-renewal', 'zh');
  const a = await activeApplicant(h, adminToken);
  const [serial, other] = hsm.serials;
  const { order: first } = await drive.madeUKeys(a, [serial, other]);
  const made = (await h.db
    .selectFrom('certificates')
    .select(['serial_hex', 'token_serial'])
    .where('order_id', '=', first.id)
    .execute()) as { serial_hex: string; token_serial: string }[];
  const oldCert = made.find((c) => c.token_serial === serial)!.serial_hex;
  const expired = made.find((c) => c.token_serial === other)!.serial_hex;
  await h.db
    .updateTable('certificates')
    .set({ status: 'expired', lifecycle: 'expired', not_after: new Date(Date.now() - 40 * 86_400_000) })
    .where('serial_hex', '=', expired)
    .execute();

  const page = await stack.newPage('zh');
  page.setDefaultTimeout(60_000);
  await page.goto('/console/');
  await page.getByLabel('用户名', { exact: true }).fill(a.loginName);
  await page.getByLabel('密码', { exact: true }).fill(a.password);
  await page.getByLabel('验证码', { exact: true }).fill('pass1');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { name: '我的业务' }).waitFor();

  // 我的证书: 续期 on the certificate in use; the one expired past the grace period needs a new order.
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我的证书' }).click();
  await page.getByRole('link', { name: `续期 ${oldCert}` }).waitFor();
  const expiredRow = page.locator('tr', { hasText: expired });
  await expiredRow.getByText(/超过 30 天续期宽限期/).waitFor();
  await expiredRow.getByRole('link', { name: '重新下单' }).waitFor();
  await check(shots, page, 'certificates');

  // The expired one's renewal page says why, and leads to a new order.
  await page.goto(`/console/portal/certificates/${expired}/renew`);
  await page.getByText(/超过 30 天续期宽限期/).waitFor();
  await page.getByRole('link', { name: '重新下单办理新证书' }).waitFor();
  await check(shots, page, 'renewal-refused');

  // The renewal order, pre-filled: the same UKey, the renewal price, no review.
  await page.goto('/console/portal/certificates');
  await page.getByRole('link', { name: `续期 ${oldCert}` }).click();
  await page.getByRole('heading', { name: '证书续期' }).waitFor();
  await page.getByText('¥480.00').waitFor();
  await page.locator('tr', { hasText: 'UKey（锁号）' }).getByText(serial).waitFor();
  await page.getByText('企业信息自证书签发以来未变更', { exact: false }).waitFor();
  await check(shots, page, 'renewal-order');
  await page.getByRole('button', { name: '提交续期订单', exact: true }).click();

  // Payment as for a new order, online in the simulator.
  await page.waitForURL(/\/console\/portal\/orders\/[^/]+\/payment$/);
  const orderId = /orders\/([^/]+)\/payment/.exec(page.url())![1];
  expect(await drive.order(a, orderId)).toMatchObject({ totalFen: 48000, renewal: { certificateSerial: oldCert } });
  await page.getByRole('button', { name: '去支付' }).waitFor();
  await check(shots, page, 'payment');
  const handlerMobile = (await drive.order(a, orderId)).registration.handler.mobile;
  const codes = async () => (await outbox(h, adminToken, handlerMobile)).filter((m) => m.body.includes('制证授权码'));
  const before = new Set((await codes()).map((m) => m.body));
  const publicUrl = h.app.config.http.publicUrl;
  await page
    .context()
    .route(`${publicUrl}/**`, (route) =>
      route.continue({ url: route.request().url().replace(publicUrl, stack.origin) }),
    );
  const [simulator] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: '去支付' }).click(),
  ]);
  await simulator.getByRole('button', { name: '确认支付 Pay' }).click();
  await simulator.getByText('"notified":true').waitFor();
  await simulator.close();
  await page.getByText('支付成功', { exact: true }).waitFor({ timeout: 30_000 });
  await check(shots, page, 'paid');

  // The authorisation code comes by SMS (no review); 制证 offers the renewal's own UKey.
  const sms = await eventually(async () => (await codes()).find((m) => !before.has(m.body)), 'the code SMS');
  const [, code] = /制证授权码：([A-Z0-9]{6})/.exec(sms.body)!;
  await page.getByRole('link', { name: /到制证工作站续期 UKey/ }).click();
  await page.getByText(`续期：在原 UKey（锁号 ${serial}）上写入新证书`).waitFor();
  await page.locator('.ant-form-item', { hasText: 'UKey 序号' }).getByText(serial).waitFor();
  await check(shots, page, 'station-renewal');
  await page.getByLabel('授权码').fill(code);
  await page.getByRole('button', { name: '确认', exact: true }).click();
  await page.getByText(`UKey ${serial} 制作完成`).waitFor({ timeout: 90_000 });
  await page.getByText('UKey 续期完成：新证书已写入，原证书已作废', { exact: false }).waitFor();
  await check(shots, page, 'station-renewed');

  // The same UKey holds exactly one certificate, the new one; the old one is superseded.
  const detail = await drive.order(a, orderId);
  const newCert = (detail.tokens as { certificateSerial: string }[])[0].certificateSerial;
  const onToken = station.module.publicCertificates(serial);
  expect(onToken).toHaveLength(1);
  const rows = await h.db
    .selectFrom('certificates')
    .select(['serial_hex', 'status', 'revocation_reason'])
    .where('serial_hex', 'in', [oldCert, newCert])
    .execute();
  expect(Object.fromEntries(rows.map((r) => [r.serial_hex, [r.status, r.revocation_reason]]))).toEqual({
    [oldCert]: ['revoked', 'superseded'],
    [newCert]: ['installed', null],
  });

  // 我的证书: the old certificate superseded, the new one in use and renewable next year.
  await page.getByRole('link', { name: '查看我的证书' }).click();
  await page.locator('tr', { hasText: oldCert }).getByText('已由续期证书替代').waitFor();
  await page.getByRole('link', { name: `续期 ${newCert}` }).waitFor();
  await check(shots, page, 'certificates-renewed');

  // In English: the list and the renewal page.
  const en = new Screens('portal-renewal', 'en');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('link', { name: `Renew ${newCert}` }).waitFor();
  await page.locator('tr', { hasText: oldCert }).getByText('Superseded by its renewal').waitFor();
  await check(en, page, 'certificates', 'en');
  await page.getByRole('link', { name: `Renew ${newCert}` }).click();
  await page.getByRole('heading', { name: 'Renew a certificate' }).waitFor();
  await page.getByRole('button', { name: 'Place the renewal order', exact: true }).waitFor();
  await check(en, page, 'renewal-order', 'en');
});

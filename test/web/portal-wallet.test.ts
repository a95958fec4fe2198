/**
 * A11 with 微信支付, in Chromium against the real stack: the applicant chooses 微信支付, gets the Native QR
 * code (and, in the embedded default, the simulator's pay link), pays in the simulator and the page turns
 * paid; the transfer choice shows the vendor's account (户名 / 开户行 / 账号); an order paid twice shows
 * the refund finance made through the provider. axe and a full-page screenshot of each step, in Chinese
 * and in English.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { activeApplicant, type Applicant } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { orderDriver } from '../support/orders';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';

let stack: ConsoleStack;
let adminToken: string;
let caToken: string;
let financeToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('pw_admin', ['admin', 'operator']);
  await stack.h.staff('pw_ca', ['ca_admin']);
  await stack.h.staff('pw_fin', ['finance']);
  adminToken = await stack.h.login('pw_admin');
  caToken = await stack.h.login('pw_ca');
  financeToken = await stack.h.login('pw_fin');
});

afterAll(async () => {
  await stack?.close();
});

// The machine is shared: the workflow may take a while to take a payment.
jest.setTimeout(300_000);

const WORDS = {
  zh: {
    wechat: '微信支付',
    bank: '银行汇款（电汇、现金汇款）',
    showQr: '生成支付二维码',
    qr: '微信支付二维码',
    simulator: '在支付模拟器中打开（开发环境）',
    paid: '支付成功',
    refunds: '退款记录',
    refunded: '已退款',
  },
  en: {
    wechat: 'WeChat Pay',
    bank: 'Bank transfer',
    showQr: 'Show the QR code',
    qr: 'WeChat Pay QR code',
    simulator: 'Open in the payment simulator (development)',
    paid: 'Paid',
    refunds: 'Refunds',
    refunded: 'Refunded',
  },
} satisfies Record<Lang, Record<string, string>>;

/** Checks the screen once the pointer has left what it pressed. */
async function check(shots: Screens, page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await shots.check(page, name);
}

/** A browser page signed in as the applicant. */
async function applicantPage(a: Applicant, lang: Lang): Promise<Page> {
  const page = await stack.newPage(lang);
  await page
    .context()
    .addCookies([{ name: 'bpm_session', value: a.token, url: stack.origin, httpOnly: true, sameSite: 'Lax' }]);
  return page;
}

test.each(['zh', 'en'] as const)(
  '%s: pay with 微信支付 by its QR code; the bank account; a refund shown',
  async (lang) => {
    const { h } = stack;
    const w = WORDS[lang];
    const shots = new Screens('portal-wallet', lang);
    const drive = orderDriver(h, { admin: adminToken, caAdmin: caToken }, 'unused');
    const a = await activeApplicant(h, adminToken);
    const o = await drive.placeOrder(a, 1);
    // An Alipay payment started too (in another window), to arrive after the order is paid.
    const second = await drive.payOnline(a, o.id);
    const page = await applicantPage(a, lang);

    await page.goto(`/console/portal/orders/${o.id}/payment`);
    await page.getByText(w.bank, { exact: true }).click();
    for (const text of ['杭州天谷信息科技有限公司', '平安银行杭州高新支行', '11003491675701'])
      await page.getByText(text, { exact: true }).waitFor();
    await check(shots, page, 'bank-account');

    await page.getByText(w.wechat, { exact: true }).click();
    await page.getByRole('button', { name: w.showQr }).click();
    await page.getByRole('img', { name: w.qr }).waitFor();
    const link = page.getByRole('link', { name: w.simulator });
    const codeUrl = await link.getAttribute('href');
    expect(codeUrl).toMatch(/\/api\/v1\/payments\/simulator\/[0-9a-f]{32}$/);
    await check(shots, page, 'wechatpay-qr');

    // The payer scans: the simulator sends WeChat Pay's signed, sealed notification.
    const paymentId = codeUrl!.split('/').pop()!;
    const paid = await h.http({ method: 'POST', url: `/api/v1/payments/simulator/${paymentId}/pay` });
    expect(paid.json()).toEqual({ notified: true, answer: '' });
    await page.getByText(w.paid, { exact: true }).waitFor({ timeout: 60_000 });
    await check(shots, page, 'wechatpay-paid');

    // The Alipay payment arrives too: finance refunds it through the provider.
    await drive.notify(second.notice);
    const task = await drive.taskFor(o.processId, 'order.refund', financeToken);
    expect((await drive.decide(financeToken, task.id, { outcome: 'refunded', comment: '原路退回' })).statusCode).toBe(
      200,
    );
    await eventually(async () => (await drive.order(a, o.id)).refunds[0]?.status === 'refunded', 'the refund made');
    await page.goto(`/console/portal/orders/${o.id}`);
    await page.getByRole('heading', { name: w.refunds }).waitFor();
    await page.getByRole('cell', { name: w.refunded, exact: true }).waitFor();
    await check(shots, page, 'order-refund');
  },
);

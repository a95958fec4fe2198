/**
 * A8–A14, the applicant's certificate order, in Chromium against the real stack: an applicant whose
 * registration is approved picks a service, fills the pre-filled order form (a mismatched 机构名称确认
 * shown on the field and corrected; paste refused there; a wrong ID check character shown at entry; a
 * refused submit keeps what was typed), pays online through the simulator's page, uploads the materials;
 * the CA refuses one document (through the API), the applicant reads the reason, replaces it and submits
 * again; the CA approves and the order's details show it approved. axe and a screenshot on every screen
 * and step in Chinese; one pass in English over every screen.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { activeApplicant, newResidentId, SCANS, type Applicant } from '../support/enterprise';
import { bundle } from '../support/harness';
import { orderDriver } from '../support/orders';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';
import {
  acceptAgreements,
  checkSettled as check,
  fillOrderRest as fillTheRest,
  orderField as field,
  uploadMaterial as upload,
} from '../support/pages';

let stack: ConsoleStack;
let adminToken: string;
let caToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('po_admin', ['admin', 'operator']);
  await stack.h.staff('po_ca', ['ca_admin']);
  adminToken = await stack.h.login('po_admin');
  caToken = await stack.h.login('po_ca');
});

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: {
    buy: '点击购买',
    service: '机构证书（主锁）',
    nameMismatch: '两次输入的机构名称不一致',
    matches: '一致',
    badId: '经办人身份证号码无效',
    agreementPlatform: '《e签宝项目专用平台服务协议》',
    agreementCa: '《ZJCA电子认证服务申请责任书》',
    readIt: '我已阅读',
    submitOrder: '提交订单',
    bank: '银行汇款（电汇、现金汇款）',
    online: '支付宝',
    goPay: '去支付',
    paid: '支付成功',
    next: '下一步：提交材料',
    submit: '提交',
    required: '请上传该材料',
    submitted: '材料已提交，等待 CA 审核。',
    replaced: '已重新上传',
    approved: '审核通过，待制证',
    print: '打印',
  },
  en: {
    buy: 'Buy',
    service: '机构证书（主锁）',
    nameMismatch: 'does not repeat the organisation name',
    matches: 'Matches',
    badId: 'is not a valid resident ID number',
    agreementPlatform: 'Platform service agreement',
    agreementCa: 'ZJCA application responsibility letter',
    readIt: 'I have read it',
    submitOrder: 'Place the order',
    bank: 'Bank transfer',
    online: 'Alipay',
    goPay: 'Go to pay',
    paid: 'Paid',
    next: 'Next: upload the materials',
    submit: 'Submit',
    required: 'this material is required',
    submitted: 'The materials are submitted for the CA’s review.',
    replaced: 'Replaced',
    approved: 'Approved, UKeys to make',
    print: 'Print',
  },
} satisfies Record<Lang, Record<string, string>>;

// The machine is shared: the workflow may take a while to take a submission.
jest.setTimeout(300_000);

/** A browser page signed in as the applicant (their session cookie). */
async function applicantPage(a: Applicant, lang: Lang): Promise<Page> {
  const page = await stack.newPage(lang);
  await page
    .context()
    .addCookies([{ name: 'bpm_session', value: a.token, url: stack.origin, httpOnly: true, sameSite: 'Lax' }]);
  return page;
}

test('zh: choose, order (mismatch corrected, refused submit kept), pay online, materials refused and replaced, approved', async () => {
  const { h } = stack;
  const w = WORDS.zh;
  const shots = new Screens('portal-order', 'zh');
  const drive = orderDriver(h, { admin: adminToken, caAdmin: caToken }, 'unused');
  const a = await activeApplicant(h, adminToken);
  const page = await applicantPage(a, 'zh');

  // A8: the catalogue.
  await page.goto('/console/portal/orders/new');
  const buy = page.getByRole('link', { name: `${w.buy} ${w.service}` });
  await buy.waitFor();
  await check(shots, page, 'catalogue');

  // A9: the form, pre-filled from the approved record.
  await buy.click();
  await field(page, 'organization_nameConfirm').waitFor();
  expect(await field(page, 'organization_name').inputValue()).toBe(a.entityName);
  expect(await field(page, 'organization_creditCode').inputValue()).toBe(a.creditCode);
  expect(await field(page, 'legalRepresentative_name').inputValue()).toBe('刘廷生');
  await check(shots, page, 'order-form');

  // Pasting into a confirmation is refused; a mismatch shows on the field before any request.
  const pasteRefused = await page.evaluate<boolean>(`(() => {
    const e = new ClipboardEvent('paste', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true });
    document.querySelector('#order_organization_nameConfirm').dispatchEvent(e);
    return e.defaultPrevented;
  })()`);
  expect(pasteRefused).toBe(true);
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST') requests.push(r.url());
  });
  await field(page, 'organization_nameConfirm').fill(`${a.entityName}分公司`);
  await page.locator('#order_organization_nameConfirm_help').getByText(w.nameMismatch).waitFor();
  expect(requests).toEqual([]);
  await check(shots, page, 'name-mismatch');
  await field(page, 'organization_nameConfirm').fill(a.entityName);
  await page.locator('#order_organization_nameConfirm_help').waitFor({ state: 'detached' });
  await page.getByRole('img', { name: w.matches }).first().waitFor();
  await field(page, 'organization_creditCodeConfirm').fill(a.creditCode);

  // The ID number's check character is checked at each keystroke.
  const handlerId = newResidentId();
  await fillTheRest(page, `${handlerId.slice(0, 17)}${handlerId[17] === '1' ? '2' : '1'}`);
  await page.locator('#order_handler_idNumber_help').getByText(w.badId).waitFor();
  await check(shots, page, 'id-check-character');
  await field(page, 'handler_idNumber').fill(handlerId);
  await page.locator('#order_handler_idNumber_help').waitFor({ state: 'detached' });

  // The agreements are opened before they can be accepted.
  expect(await field(page, 'agreementsAccepted').isDisabled()).toBe(true);
  await acceptAgreements(page, w);

  // A legal representative other than the approved one: refused by the API on that field; all else kept.
  await field(page, 'legalRepresentative_name').fill('刘廷森');
  await page.getByRole('button', { name: w.submitOrder, exact: true }).click();
  await page.locator('#order_legalRepresentative_name_help').getByText('与已审核的法定代表人不一致').waitFor();
  expect(await field(page, 'handler_idNumber').inputValue()).toBe(handlerId);
  expect(await field(page, 'organization_nameConfirm').inputValue()).toBe(a.entityName);
  expect(await field(page, 'invoice_account').inputValue()).toBe('31001234978978');
  expect(await field(page, 'agreementsAccepted').isChecked()).toBe(true);
  await check(shots, page, 'refused-submit-kept');
  await field(page, 'legalRepresentative_name').fill('刘廷生');
  await page.getByRole('button', { name: w.submitOrder, exact: true }).click();

  // A11: the payment page; the bank transfer shows the vendor's account; paid online in the simulator.
  await page.waitForURL(/\/console\/portal\/orders\/[^/]+\/payment$/);
  const orderId = /orders\/([^/]+)\/payment/.exec(page.url())![1];
  const placed = await drive.order(a, orderId);
  expect(placed.registration.handler.idNumber).toBe(handlerId);
  await page.getByRole('button', { name: w.goPay }).waitFor();
  await check(shots, page, 'payment');
  await page.getByText(w.bank, { exact: true }).click();
  await page.getByText('11003491675701').waitFor();
  await check(shots, page, 'bank-transfer');
  await page.getByText(w.online, { exact: true }).click();
  // The simulator's page is at the configured public address; the browser reaches it at the test's port.
  const publicUrl = h.app.config.http.publicUrl;
  await page
    .context()
    .route(`${publicUrl}/**`, (route) =>
      route.continue({ url: route.request().url().replace(publicUrl, stack.origin) }),
    );
  const [simulator] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: w.goPay }).click(),
  ]);
  await simulator.getByRole('button', { name: '确认支付 Pay' }).click();
  await simulator.getByText('"notified":true').waitFor();
  await page.getByText(w.paid, { exact: true }).waitFor({ timeout: 30_000 });
  await check(shots, page, 'paid');

  // A12: materials; submitting without the application form is refused on that material.
  await page.getByRole('link', { name: w.next }).click();
  await page.locator('#material_business_license').waitFor();
  await upload(page, 'business_license', 'licence.pdf', SCANS.pdf, 'application/pdf');
  await upload(page, 'handler_id', 'handler-id.jpg', SCANS.jpeg, 'image/jpeg');
  await page.getByRole('img', { name: 'handler-id.jpg' }).waitFor();
  await page.getByRole('button', { name: w.submit, exact: true }).click();
  await page.getByRole('alert').getByText(w.required).waitFor();
  await check(shots, page, 'materials-missing');
  await upload(page, 'application_form', 'application-form.pdf', SCANS.pdf, 'application/pdf');
  await page.getByRole('link', { name: /application-form\.pdf/ }).waitFor();
  await check(shots, page, 'materials');
  await page.getByRole('button', { name: w.submit, exact: true }).click();
  await page.getByText(w.submitted).waitFor({ timeout: 90_000 });
  await check(shots, page, 'materials-submitted');

  // The CA refuses the handler's ID with its reason (through the API).
  const review = await drive.taskFor(placed.processId, 'order.review', caToken);
  const refused = await drive.decide(caToken, review.id, {
    outcome: 'reject',
    comment: '经办人身份证不清晰',
    fields: { documentReasons: { handler_id: '身份证扫描件模糊，请重新上传' } },
  });
  expect(refused.statusCode).toBe(200);
  await drive.waitStatus(a, orderId, 'rejected');

  // The applicant reads the reason on the document, replaces it and submits again.
  await page.reload();
  await page.getByText('CA 审核意见：身份证扫描件模糊，请重新上传').waitFor();
  await page.getByText('经办人身份证不清晰').waitFor();
  await check(shots, page, 'document-refused');
  await upload(page, 'handler_id', 'handler-id-clear.png', SCANS.png, 'image/png');
  await page.getByText(w.replaced, { exact: true }).waitFor();
  await page.getByRole('img', { name: 'handler-id-clear.png' }).waitFor();
  await check(shots, page, 'document-replaced');
  await page.getByRole('button', { name: w.submit, exact: true }).click();
  await page.getByText(w.submitted).waitFor({ timeout: 60_000 });
  await drive.waitStatus(a, orderId, 'in_review');

  // The CA approves; the order's details show it approved.
  const second = await drive.taskFor(placed.processId, 'order.review', caToken);
  expect((await drive.decide(caToken, second.id, { outcome: 'approve', comment: '材料齐全' })).statusCode).toBe(200);
  await drive.waitStatus(a, orderId, 'approved');

  // A10 my orders, A14 the details, A13 the application form.
  await page.goto('/console/portal/orders');
  await page.getByRole('cell', { name: placed.orderNo, exact: true }).waitFor();
  await page.getByRole('cell', { name: w.approved, exact: true }).waitFor();
  await check(shots, page, 'my-orders');
  await page.getByRole('link', { name: `订单详情 ${placed.orderNo}` }).click();
  await page.locator('.ant-steps-item-process').getByText('审核通过').waitFor();
  await page.getByText('材料齐全').waitFor();
  await check(shots, page, 'order-approved');
  await page.goto(`/console/portal/orders/${orderId}/application-form`);
  await page.locator('iframe').waitFor();
  await check(shots, page, 'application-form');
});

test('en: every order screen in English', async () => {
  const { h } = stack;
  const w = WORDS.en;
  const shots = new Screens('portal-order', 'en');
  const drive = orderDriver(h, { admin: adminToken, caAdmin: caToken }, 'unused');
  const a = await activeApplicant(h, adminToken);
  const o = await drive.placeOrder(a, 1);
  const page = await applicantPage(a, 'en');

  // A re-issue from my certificates names the service and the quantity: straight to its form.
  await page.goto('/console/portal/orders/new?serviceId=org-primary&quantity=2');
  await page.getByText('¥1200.00').waitFor();
  expect(await field(page, 'quantity').inputValue()).toBe('2');
  await field(page, 'organization_nameConfirm').fill('Another name');
  await page.locator('#order_organization_nameConfirm_help').getByText(w.nameMismatch).waitFor();
  await check(shots, page, 'order-form');

  await page.goto('/console/portal/orders');
  await page.getByRole('cell', { name: o.orderNo, exact: true }).waitFor();
  await check(shots, page, 'my-orders');

  await page.goto(`/console/portal/orders/${o.id}/payment`);
  await page.getByText(w.bank, { exact: true }).click();
  await page.getByText('11003491675701').waitFor();
  await check(shots, page, 'bank-transfer');

  await page.goto(`/console/portal/orders/${o.id}/materials`);
  await page.locator('#material_business_license').waitFor();
  await check(shots, page, 'materials');

  await page.goto(`/console/portal/orders/${o.id}`);
  await page.locator('#progress').waitFor();
  await check(shots, page, 'order-details');

  await page.goto(`/console/portal/orders/${o.id}/application-form`);
  await page.locator('iframe').waitFor();
  await check(shots, page, 'application-form');

  await page.goto('/console/portal/orders/new');
  await page.getByRole('link', { name: `${w.buy} ${w.service}` }).waitFor();
  await check(shots, page, 'catalogue');
});

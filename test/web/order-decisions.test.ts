/**
 * R5 and R6 in Chromium against the real stack: finance confirms a bank transfer with the slip beside
 * the amount due (实收金额 typed in 元, recorded in fen); a CA administrator refuses one document with
 * its reason, then approves the corrected materials. axe and a screenshot on every screen, in Chinese
 * and in English.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { activeApplicant, SCANS } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { orderDriver } from '../support/orders';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';
import { checkSettled as check } from '../support/pages';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('ord_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('ord_admin');
});

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: {
    claim: '领取',
    confirm: '确认',
    approve: '通过',
    reject: '不通过',
    confirmed: '已办理：确认',
    approved: '已办理：通过',
    rejected: '已办理：不通过',
    licence: '营业执照',
    comment: '办理意见',
  },
  en: {
    claim: 'Claim',
    confirm: 'Confirm',
    approve: 'Approve',
    reject: 'Reject',
    confirmed: 'Decided: Confirm',
    approved: 'Decided: Approve',
    rejected: 'Decided: Reject',
    licence: 'Business licence',
    comment: 'Decision comment',
  },
} satisfies Record<Lang, Record<string, string>>;

async function openAndClaim(page: Page, taskId: string, claim: string, firstOutcome: string) {
  await page.goto(`/console/tasks/${encodeURIComponent(taskId)}`);
  await page.getByRole('button', { name: claim, exact: true }).click();
  await page.getByRole('button', { name: firstOutcome, exact: true }).waitFor();
  // The page's own reads have answered before anyone types: the 意见 table, read last, is there (waiting for
  // the network to go quiet can wait forever while the PDF previews stream under load).
  await page.getByRole('columnheader', { name: claim === '领取' ? '意见人' : 'By', exact: true }).waitFor();
}

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('finance confirms a bank transfer; a CA administrator refuses one document, then approves', async () => {
    const { h } = stack;
    const shots = new Screens('order-decisions', lang);
    const finance = `ord_fin_${lang}`;
    const caAdmin = `ord_ca_${lang}`;
    await h.staff(finance, ['finance']);
    await h.staff(caAdmin, ['ca_admin']);
    const drive = orderDriver(h, { admin: adminToken, caAdmin: await h.login(caAdmin) }, 'unused');
    const a = await activeApplicant(h, adminToken);
    const o = await drive.placeOrder(a, 1);
    const slip = await drive.upload(a, o.id, 'remittance_slip', SCANS.jpeg);
    const reported = await h.http({
      method: 'POST',
      url: `/api/v1/ca/orders/${o.id}/payments/bank-transfer`,
      token: a.token,
      payload: { slipAttachmentId: slip.id, amountFen: o.totalFen },
    });
    expect(reported.statusCode).toBe(202);

    // R6: the amount due beside the slip; 实收金额 in 元.
    const page = await stack.signedInPage(finance, lang);
    const transfer = await drive.taskFor(o.processId, 'order.bank_transfer', adminToken);
    await openAndClaim(page, transfer.id, words.claim, words.confirm);
    const due = `¥${(o.totalFen / 100).toFixed(2)}`;
    await page.getByRole('heading', { name: new RegExp(due.replace('.', '\\.')) }).waitFor();
    await page.locator('section[aria-labelledby="transfer_title"] img').waitFor();
    await page.locator('#decision_receivedFen').fill((o.totalFen / 100).toFixed(2));
    await check(shots, page, 'bank-transfer');
    await page.getByRole('button', { name: words.confirm, exact: true }).click();
    await page.getByText(words.confirmed).waitFor();
    await check(shots, page, 'bank-transfer-confirmed');
    const paid = await drive.waitStatus(a, o.id, 'paid');
    expect(paid.payments.find((p: { method: string }) => p.method === 'bank_transfer')).toMatchObject({
      status: 'paid',
      amountFen: o.totalFen,
    });

    // R5: the materials previewed; the business licence refused with its reason.
    await drive.submitMaterials(a, o.id);
    const review = await drive.taskFor(o.processId, 'order.review', adminToken);
    const caPage = await stack.signedInPage(caAdmin, lang);
    await openAndClaim(caPage, review.id, words.claim, words.approve);
    await caPage
      .locator('[data-material="business_license"] iframe, [data-material="business_license"] a')
      .first()
      .waitFor();
    await caPage.getByLabel(words.licence, { exact: true }).fill('营业执照不清晰，请重新扫描');
    await caPage.getByLabel(words.comment, { exact: true }).fill('请补正营业执照');
    await check(shots, caPage, 'materials-review');
    await caPage.getByRole('button', { name: words.reject, exact: true }).click();
    await caPage.getByText(words.rejected).waitFor();
    const refused = await eventually(async () => {
      const p = (await h.http({ method: 'GET', url: `/api/v1/processes/${o.processId}`, token: adminToken })).json();
      return p.decisions.length >= 2 ? p : undefined;
    }, 'the refusal recorded');
    expect(refused.decisions.at(-1).decision.fields.documentReasons).toEqual({
      business_license: '营业执照不清晰，请重新扫描',
    });

    // The applicant replaces the licence and submits again; the second review approves.
    await drive.upload(a, o.id, 'business_license');
    const again = await h.http({ method: 'POST', url: `/api/v1/ca/orders/${o.id}/materials/submit`, token: a.token });
    expect(again.statusCode).toBe(200);
    const second = await eventually(async () => {
      const res = await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${o.processId}`, token: adminToken });
      return res
        .json()
        .items.find((t: { kind: string; id: string }) => t.kind === 'order.review' && t.id !== review.id);
    }, 'the second review');
    await openAndClaim(caPage, second.id, words.claim, words.approve);
    await caPage.getByRole('button', { name: words.approve, exact: true }).click();
    await caPage.getByText(words.approved).waitFor();
    await check(shots, caPage, 'materials-approved');
    await eventually(
      async () => ['approved', 'in_production'].includes((await drive.order(a, o.id)).status),
      'the order approved',
    );
  }, 180_000);
});

/**
 * The delivery of an order's UKeys in Chromium against the real stack (Temporal, PostgreSQL, SoftHSM2
 * behind a token station): a CA administrator opens the dispatch task (the shipping details and the UKeys
 * made beside the generic form), picks the carrier, types a tracking number the carrier does not use —
 * refused on the field, everything typed kept — then the right one, and dispatches; the applicant sees
 * 已发货 with the carrier and tracking number on the order's stepper, confirms receipt under 我的签收, and
 * the stepper ends at 已签收. axe and a full-page screenshot on every screen, in Chinese and in English.
 */
import type { Page } from 'playwright-core';
import { activeApplicant, type Applicant } from '../support/enterprise';
import { eventually } from '../support/harness';
import type { TestSoftHsm } from '../support/softhsm';
import { Screens, type ConsoleStack, type Lang } from '../support/console';
import { startStationConsole, type StationConsole } from '../support/station-console';

const STATION = 'delivery-web-station';
let env: StationConsole;
let stack: ConsoleStack;
let hsm: TestSoftHsm;
let adminToken: string;
let drive: StationConsole['drive'];

beforeAll(async () => {
  env = await startStationConsole({ stationId: STATION, tokens: 2, staff: 'dl' });
  ({ stack, hsm, adminToken, drive } = env);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const WORDS = {
  zh: {
    claim: '领取',
    dispatch: '发货',
    dispatched: '已办理：发货',
    carrier: '顺丰速运',
    trackingRefused: '运单号格式不正确',
    stepDispatched: '已发货',
    stepReceived: '已签收',
    confirm: '确认签收',
    received: '已签收',
  },
  en: {
    claim: 'Claim',
    dispatch: 'Dispatch',
    dispatched: 'Decided: Dispatch',
    carrier: 'SF Express',
    trackingRefused: 'Tracking number is not in the right format',
    stepDispatched: 'Dispatched',
    stepReceived: 'Received',
    confirm: 'Confirm receipt',
    received: 'Received',
  },
} satisfies Record<Lang, Record<string, string>>;

/** Checks the screen once the pointer has left what it pressed (a hovered button is mid-colour). */
async function check(shots: Screens, page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  await shots.check(page, name);
}

/** A browser page signed in as the applicant (their session cookie). */
async function applicantPage(a: Applicant, lang: Lang): Promise<Page> {
  const page = await stack.newPage(lang);
  await page
    .context()
    .addCookies([{ name: 'bpm_session', value: a.token, url: stack.origin, httpOnly: true, sameSite: 'Lax' }]);
  return page;
}

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('a CA administrator dispatches the UKeys; the applicant follows them and confirms receipt', async () => {
    const { h } = stack;
    const shots = new Screens('delivery', lang);
    const a = await activeApplicant(h, adminToken);
    const { order: o } = await drive.madeUKeys(a, [hsm.serials[lang === 'zh' ? 0 : 1]]);
    const task = await drive.taskFor(o.processId, 'order.dispatch', adminToken);

    // The dispatch page: the shipping details and the UKeys made beside the form.
    const caPage = await stack.signedInPage('dl_ca', lang);
    await caPage.goto(`/console/tasks/${encodeURIComponent(task.id)}`);
    await caPage.getByRole('button', { name: words.claim, exact: true }).click();
    await caPage.getByRole('button', { name: words.dispatch, exact: true }).waitFor();
    await caPage.locator('#dispatch_title').waitFor();
    await caPage.waitForLoadState('networkidle');
    await caPage.getByRole('cell', { name: hsm.serials[lang === 'zh' ? 0 : 1], exact: true }).waitFor();
    await check(shots, caPage, 'dispatch');

    // A tracking number SF Express does not use: refused on the field, the carrier and number kept.
    await caPage.locator('#decision_carrier').click();
    await caPage.locator('.ant-select-item-option', { hasText: words.carrier }).first().click();
    await caPage.locator('#decision_trackingNo').fill('SF123');
    await caPage.getByRole('button', { name: words.dispatch, exact: true }).click();
    await caPage.getByText(words.trackingRefused).first().waitFor();
    expect(await caPage.locator('#decision_trackingNo').inputValue()).toBe('SF123');
    await check(shots, caPage, 'dispatch-refused');

    await caPage.locator('#decision_trackingNo').fill('SF1234567890123');
    await caPage.getByRole('button', { name: words.dispatch, exact: true }).click();
    await caPage.getByText(words.dispatched).waitFor();
    await check(shots, caPage, 'dispatched');
    await eventually(async () => (await drive.order(a, o.id)).delivery?.status === 'dispatched', 'dispatched');

    // The applicant's order: 已发货 with the carrier and tracking number.
    const page = await applicantPage(a, lang);
    await page.goto(`/console/portal/orders/${o.id}`);
    await page.locator('#progress').getByText(words.stepDispatched, { exact: true }).waitFor();
    await page.getByText('SF1234567890123').first().waitFor();
    await check(shots, page, 'order-dispatched');

    // 我的签收: confirm receipt.
    await page.goto('/console/portal/receipts');
    const confirm = page.getByRole('button', { name: `${words.confirm} ${o.orderNo}`, exact: true });
    await confirm.waitFor();
    await page.waitForLoadState('networkidle');
    await check(shots, page, 'receipts');
    await confirm.click();
    await page.getByRole('dialog').getByRole('button', { name: words.confirm, exact: true }).waitFor();
    await check(shots, page, 'receipts-confirm');
    await page.getByRole('dialog').getByRole('button', { name: words.confirm, exact: true }).click();
    await page.getByRole('status').waitFor();
    await page.locator('.ant-tag', { hasText: words.received }).waitFor();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await check(shots, page, 'receipts-received');
    expect((await drive.order(a, o.id)).delivery).toMatchObject({ status: 'received', confirmedBy: 'applicant' });

    await page.goto(`/console/portal/orders/${o.id}`);
    await page.locator('#progress').getByText(words.stepReceived, { exact: true }).waitFor();
    await page.waitForLoadState('networkidle');
    await check(shots, page, 'order-received');
  }, 240_000);
});

/**
 * Page-driving helpers the console's browser tests share: a screen checked once the pointer has left
 * it, antd form items and selects, the order form's fields and agreements, a material uploaded, a task
 * opened from the inbox, the token station's progress line and 我的业务's stages.
 */
import type { Locator, Page } from 'playwright-core';
import type { Lang, Screens } from './console';

/** Reloads the page until `target` shows, as a person does while a process moves on elsewhere. */
export async function reloadUntil(page: Page, target: Locator, tries = 30): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      await target.waitFor({ timeout: 3_000 });
      return;
    } catch (err) {
      if (i >= tries) throw err;
      await page.reload();
    }
  }
}

/** Checks the screen once the pointer has left what it pressed (a hovered button is mid-colour). */
export async function checkSettled(shots: Screens, page: Page, name: string, lang?: Lang): Promise<string> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(400);
  return shots.check(page, name, lang);
}

/** The antd form item around control `#id`. */
export const formItemOf = (page: Page, id: string) =>
  page
    .locator('.ant-form-item')
    .filter({ has: page.locator(`#${id}`) })
    .last();

/** The error message under control `#id`. */
export const fieldErrorOf = (page: Page, id: string) => formItemOf(page, id).locator('.ant-form-item-explain-error');

/** Picks `text` in the antd Select `#id`. */
export async function pickOption(page: Page, id: string, text: string): Promise<void> {
  await page.locator(`#${id}`).click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
}

/** A field of the order form (A9), by its name under `order_`. */
export const orderField = (page: Page, name: string) => page.locator(`#order_${name}`);

/** Fills what the approved record could not pre-fill on the order form. */
export async function fillOrderRest(page: Page, handlerId: string): Promise<void> {
  await orderField(page, 'organization_landline').fill('0571-88234700');
  await orderField(page, 'handler_landline').fill('0571-86090941');
  await orderField(page, 'handler_idNumber').fill(handlerId);
  await orderField(page, 'invoice_bank').fill('平安银行杭州支行');
  await orderField(page, 'invoice_account').fill('31001234978978');
  await orderField(page, 'invoice_phone').fill('0571-86090941');
  await orderField(page, 'shipping_province').fill('浙江省');
  await orderField(page, 'shipping_city').fill('杭州市');
  await orderField(page, 'shipping_street').fill('文三路8号');
}

/** The order form's agreement words in one language. */
export interface AgreementWords {
  agreementPlatform: string;
  agreementCa: string;
  readIt: string;
}

/** Opens both agreements of the order form (so the box may be ticked) and ticks it. */
export async function acceptAgreements(page: Page, w: AgreementWords): Promise<void> {
  for (const name of [w.agreementPlatform, w.agreementCa]) {
    await page.getByRole('button', { name, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: new RegExp(name) });
    await dialog.waitFor();
    await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
    await dialog.getByRole('button', { name: w.readIt, exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
  await orderField(page, 'agreementsAccepted').check();
}

/** Chooses a file for material `kind` on the materials page (A12); it uploads at once. */
export const uploadMaterial = (page: Page, kind: string, name: string, data: Buffer, mimeType: string) =>
  page.locator(`#material_${kind}`).setInputFiles({ name, mimeType, buffer: data });

/**
 * From the inbox (待办任务), in tab `tab` (我的待办 or 待领取), opens the task of `kindLabel` about
 * `entityName` (reloading until the process has opened it), claims it on its page if nobody holds it,
 * and waits for the button `firstOutcome` and the 意见 table.
 */
export async function openTaskFromInbox(
  page: Page,
  o: { tab: string; entityName: string; kindLabel: string; firstOutcome: string },
): Promise<void> {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '待办任务', exact: true }).click();
  await page.getByRole('link', { name: o.tab, exact: true }).click();
  const row = page.locator('tbody tr').filter({ hasText: o.entityName }).filter({ hasText: o.kindLabel });
  await reloadUntil(page, row.first());
  await row.first().getByRole('link').first().click();
  await page.waitForURL(/\/console\/tasks\//);
  const claim = page.getByRole('button', { name: '领取', exact: true });
  const decide = page.getByRole('button', { name: o.firstOutcome, exact: true });
  await claim.or(decide).first().waitFor();
  if (await claim.isVisible()) await claim.click();
  await decide.waitFor();
  // The page's own reads have answered (the 意见 table is the last) before anyone types.
  await page.getByRole('columnheader', { name: '意见人', exact: true }).waitFor();
}

/** Starts recording each text the token station page's progress line shows (read by `progressSeen`). */
export const watchProgress = (page: Page) =>
  page.evaluate(`(() => {
    window.progressSeen = [];
    const note = () => {
      const line = document.querySelector('.ant-card [role=status]');
      const text = line ? line.textContent : null;
      if (text && window.progressSeen[window.progressSeen.length - 1] !== text) window.progressSeen.push(text);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);

/** The progress texts seen since `watchProgress`. */
export const progressSeen = (page: Page) => page.evaluate<string[]>('window.progressSeen');

/** 我的业务's stages, as `data-stage` → `data-state`. */
export const stageStates = (page: Page) =>
  page.evaluate<Record<string, string>>(
    `Object.fromEntries([...document.querySelectorAll('[data-stage]')].map((e) => [e.dataset.stage, e.dataset.state]))`,
  );

/**
 * 企业信息 → 基础信息 → 变更 in Chromium against the real stack (Temporal, PostgreSQL): the applicant
 * reaches 变更 from the menu (beside CA 绑定信息 under 基础信息), edits the name and the address and sees
 * the difference; submitting without a new licence scan is refused on the licence field with nothing
 * typed lost; with the scan it is submitted. The registration reviewer opens the task, sees the request
 * beside the approved record, marks the address and returns it; the applicant then sees the reason and
 * only the address editable, corrects it and resubmits; once approved, 我的证书 says the certificate
 * issued under the old name is outdated and links to its re-issue order. axe and a screenshot on every
 * screen, in Chinese and in English.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { activeApplicant, uniq } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { orderDriver } from '../support/orders';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('ecw_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('ecw_admin');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: {
    mainMenu: '主菜单',
    menu: '企业信息',
    section: '基础信息',
    bindings: 'CA 绑定信息',
    change: '变更',
    submit: '提交变更申请',
    licenceRequired: '须上传新的营业执照扫描件',
    licence: '新营业执照扫描件',
    submitted: '变更申请已提交，请等待审核。',
    claim: '领取',
    approve: '通过',
    return: '退回修改',
    returned: '已办理：退回修改',
    panel: '企业信息变更申请',
    mark: '标记补正',
    address: '企业地址',
    changed: '变更',
    returnedHint: '变更申请已被退回',
    resubmit: '重新提交',
    certificates: '我的证书',
    outdated: '证书主题信息与企业资料不符',
    reissue: '按新资料补办证书',
  },
  en: {
    mainMenu: 'Main menu',
    menu: 'Enterprise',
    section: 'Basic information',
    bindings: 'CA bindings',
    change: 'Change',
    submit: 'Submit the change',
    licenceRequired: 'a new business licence scan is required',
    licence: 'New business licence scan',
    submitted: 'The change request is submitted for review.',
    claim: 'Claim',
    approve: 'Approve',
    return: 'Return for correction',
    returned: 'Decided: Return for correction',
    panel: 'Change of enterprise information',
    mark: 'Mark for correction',
    address: 'Address',
    changed: 'Changed',
    returnedHint: 'The request was returned',
    resubmit: 'Resubmit',
    certificates: 'My certificates',
    outdated: 'the subject no longer matches',
    reissue: 'Re-issue with the new details',
  },
} satisfies Record<Lang, Record<string, string>>;

/** Checks the screen once the pointer has left the button it pressed and the page's reads have answered. */
async function check(shots: Screens, page: Page, name: string) {
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(400);
  await shots.check(page, name);
}

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('the applicant submits a name change with its licence; the reviewer returns it with the address marked', async () => {
    const { h } = stack;
    const shots = new Screens('enterprise-change', lang);
    const reviewer = `ecw_rev_${lang}`;
    await h.staff(reviewer, ['registration_reviewer']);
    const a = await activeApplicant(h, adminToken);
    const newName = `${a.entityName.replace('有限公司', '')}集团有限公司`;

    // A certificate issued under the old name (its order placed through the API).
    const drive = orderDriver(h, { admin: adminToken, caAdmin: adminToken }, 'none');
    const order = await drive.placeOrder(a, 1);
    const serial = `ab${uniq()}`;
    await h.db
      .insertInto('certificates')
      .values({
        serial_hex: serial,
        order_id: order.id,
        item_id: `${order.id}-1`,
        enterprise_id: a.enterpriseId,
        token_serial: `T${uniq()}`,
        subject_dn: `C=CN, O=${a.entityName}, CN=${a.entityName}, organizationIdentifier=${a.creditCode}`,
        issuer_dn: 'C=CN, O=Test CA',
        not_before: new Date(),
        not_after: new Date(Date.now() + 365 * 86_400_000),
        fingerprint_sha256: uniq(),
        pem: '-',
        status: 'installed',
      })
      .execute();

    // From the menu: 企业信息 leads to the 基础信息 tabs, 变更 among them beside CA 绑定信息.
    const page = await stack.newPage(lang);
    await page
      .context()
      .addCookies([{ name: 'bpm_session', value: a.token, url: stack.origin, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto('/console/portal/enterprise/ca-bindings');
    const tabs = page.getByRole('navigation', { name: words.section });
    await tabs.getByRole('link', { name: words.bindings, exact: true }).waitFor();
    await tabs.getByRole('link', { name: words.change, exact: true }).click();
    await page.locator('#change_enterprise_name').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.locator('#change_enterprise_name').inputValue()).toBe(a.entityName);

    // The copy edited: the difference shows, and a name change asks for the licence.
    await page.locator('#change_enterprise_name').fill(newName);
    await page.locator('#change_enterprise_address').fill('金华市婺城区八一北街1号');
    await page.getByRole('cell', { name: newName, exact: true }).waitFor();
    await page.getByRole('cell', { name: a.profile.enterprise!.address!, exact: true }).waitFor();
    await check(shots, page, 'change-edited');

    // Submitted without the scan: refused on the licence field; what was typed stays.
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await page.getByText(words.licenceRequired).first().waitFor();
    expect(await page.locator('#change_enterprise_name').inputValue()).toBe(newName);
    expect(
      await h.db.selectFrom('enterprise_changes').select('id').where('enterprise_id', '=', a.enterpriseId).execute(),
    ).toEqual([]);
    await check(shots, page, 'change-refused');

    // With the scan it is submitted.
    await page.locator('#evidence-business_license').setInputFiles({
      name: 'licence.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'),
    });
    await page.getByRole('link', { name: 'licence.pdf' }).waitFor();
    await page.getByRole('button', { name: words.submit, exact: true }).click();
    await page.getByText(words.submitted).waitFor();
    await check(shots, page, 'change-submitted');

    // The reviewer: the request beside the approved record, the address marked, returned.
    const processId = (
      await eventually(
        () =>
          h.db
            .selectFrom('enterprise_changes')
            .select('id')
            .where('enterprise_id', '=', a.enterpriseId)
            .executeTakeFirst(),
        'the change request',
      )
    ).id;
    const reviewerToken = await h.login(reviewer);
    const task = await drive.taskFor(processId, 'enterprise_change.review', reviewerToken);
    const desk = await stack.signedInPage(reviewer, lang);
    await desk.goto(`/console/tasks/${encodeURIComponent(task.id)}`);
    await desk.getByRole('button', { name: words.claim, exact: true }).click();
    await desk.getByRole('button', { name: words.approve, exact: true }).waitFor();
    await desk.getByRole('heading', { name: new RegExp(words.panel) }).waitFor();
    const nameRow = desk.locator('tr[data-field="enterprise.name"]');
    await nameRow.getByText(newName).waitFor();
    expect(await nameRow.locator('del').textContent()).toContain(a.entityName);
    await desk.getByRole('button', { name: `${words.mark}：${words.address}` }).click();
    await desk.locator('#decision_comment').fill('地址与营业执照不一致，请核对。');
    await check(shots, desk, 'change-review');
    await desk.getByRole('button', { name: words.return, exact: true }).click();
    await desk.getByText(words.returned).waitFor();

    // The applicant: the reason, and only the address editable.
    await eventually(
      async () =>
        (await h.db.selectFrom('enterprise_changes').select('status').where('id', '=', processId).executeTakeFirst())
          ?.status === 'returned',
      'the request returned',
    );
    await page.reload();
    await page.getByText(words.returnedHint).waitFor();
    await page.getByText('地址与营业执照不一致，请核对。').first().waitFor();
    expect(await page.locator('#change_enterprise_address').isEnabled()).toBe(true);
    expect(await page.locator('#change_enterprise_name').isEnabled()).toBe(false);
    await check(shots, page, 'change-returned');

    // The address corrected and resubmitted from the page; approved at the desk.
    await page.locator('#change_enterprise_address').fill('金华市婺城区八一北街2号');
    await page.getByRole('button', { name: words.resubmit, exact: true }).click();
    await page.getByText(words.submitted).waitFor();
    const round2 = await eventually(async () => {
      const t = await drive.taskFor(processId, 'enterprise_change.review', reviewerToken);
      return t.id !== task.id ? t : undefined;
    }, 'the round 2 task');
    expect((await drive.decide(reviewerToken, round2.id, { outcome: 'approve' })).statusCode).toBe(200);
    await eventually(
      async () =>
        (await h.db.selectFrom('enterprises').select('entity_name').where('id', '=', a.enterpriseId).executeTakeFirst())
          ?.entity_name === newName,
      'the record updated',
    );

    // 我的证书: the certificate issued under the old name says so and offers the re-issue order.
    await page
      .getByRole('navigation', { name: words.mainMenu })
      .getByRole('link', { name: words.certificates })
      .click();
    await page.getByText(words.outdated).waitFor();
    const reissue = page.getByRole('link', { name: `${words.reissue} ${serial}` });
    expect(await reissue.getAttribute('href')).toContain(`reissueOf=${serial}`);
    await check(shots, page, 'certificates-outdated');
  }, 240_000);
});

/**
 * O4 in Chromium against the real stack: an operator opens the development outbox from the menu, narrows
 * it to one applicant's address and reads the activation email. Where the server has no outbox (its route
 * answers 404, as in production; answered here by the browser in the server's error shape) the menu has
 * no entry. axe and a screenshot on every screen, in Chinese and in English.
 */
import { registerApplicant } from '../support/enterprise';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  await stack.h.staff('o4_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('o4_admin');
});

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: { outbox: '开发发件箱', processes: '业务流程', to: '收件人', search: '查询', email: '邮件' },
  en: { outbox: 'Dev outbox', processes: 'Processes', to: 'Recipient', search: 'Search', email: 'Email' },
} satisfies Record<Lang, Record<string, string>>;

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('an operator reads an applicant’s activation email in the dev outbox; without an outbox the menu has no entry', async () => {
    const { h } = stack;
    const shots = new Screens('outbox', lang);
    const operator = `o4_ops_${lang}`;
    await h.staff(operator, ['operator']);
    const applicant = await registerApplicant(h, adminToken);

    const page = await stack.signedInPage(operator, lang);
    await page.goto('/console/processes');
    await page.getByRole('link', { name: words.outbox, exact: true }).click();
    await page.getByRole('heading', { name: words.outbox, exact: true }).waitFor();
    await page.locator('tbody tr.ant-table-row').first().waitFor();
    await page.getByLabel(words.to, { exact: true }).fill(applicant.email);
    await page.getByRole('button', { name: words.search, exact: true }).click();
    await page.waitForURL(/\/console\/dev\/outbox\?to=/);
    await page.waitForFunction(
      `[...document.querySelectorAll('tbody tr.ant-table-row')].every((r) => r.textContent.includes(${JSON.stringify(applicant.email)}))`,
    );
    const rows = page.locator('tbody tr.ant-table-row');
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await rows.first().textContent()).toContain(words.email);
    expect(await rows.first().textContent()).toContain('/activate');
    await shots.check(page, 'outbox');

    // A server without the outbox: its route answers 404; the menu leaves the entry out.
    const other = await stack.signedInPage(operator, lang);
    await other.route('**/api/v1/dev/outbox**', (route) =>
      route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'NOT_FOUND', message: { zh: '未找到', en: 'Not found' } } }),
      }),
    );
    const probed = other.waitForResponse((r) => r.url().includes('/api/v1/dev/outbox'));
    await other.goto('/console/processes');
    await other.getByRole('link', { name: words.processes, exact: true }).waitFor();
    expect((await probed).status()).toBe(404);
    await other.evaluate('new Promise((r) => setTimeout(r, 0))');
    expect(await other.getByRole('link', { name: words.outbox, exact: true }).count()).toBe(0);
  }, 180_000);
});

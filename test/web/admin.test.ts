/**
 * R9 in Chromium against the real stack: an admin creates a staff user with roles (the API's refusals on
 * the fields, nothing typed lost), adds and removes a 快捷输入 phrase, and changes a service's price in
 * 元 (an empty price refused on its row). axe and a screenshot on every screen, in Chinese and in English.
 */
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack();
  await stack.h.staff('r9_admin', ['admin']);
  adminToken = await stack.h.login('r9_admin');
});

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: {
    admin: '系统管理',
    users: '人员与角色',
    phrases: '快捷输入',
    catalog: '服务价格',
    create: '创建',
    finance: '财务',
    created: '已创建',
    add: '添加',
    remove: '删除',
    price: '价格（元）',
    save: '保存',
    saved: '已保存',
  },
  en: {
    admin: 'Administration',
    users: 'Staff and roles',
    phrases: 'Comment phrases',
    catalog: 'Catalogue prices',
    create: 'Create',
    finance: 'Finance',
    created: 'Created',
    add: 'Add',
    remove: 'Remove',
    price: 'Price (CNY)',
    save: 'Save',
    saved: 'Saved',
  },
} satisfies Record<Lang, Record<string, string>>;

const errorOf = (id: string) =>
  `document.getElementById('${id}')?.closest('.ant-form-item')?.querySelector('.ant-form-item-explain-error')?.textContent || ''`;

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('an admin creates a staff user with a role; refusals sit on the fields and nothing typed is lost', async () => {
    const { h } = stack;
    const shots = new Screens('admin', lang);
    const login = `fin_${lang}`;
    const page = await stack.signedInPage('r9_admin', lang);
    await page.goto('/console/inbox');
    await page.getByRole('link', { name: words.admin, exact: true }).click();
    await page.getByRole('heading', { name: words.admin, exact: true }).waitFor();
    expect(await page.getByRole('link', { name: words.users, exact: true }).getAttribute('aria-current')).toBe('page');
    await page.locator('tbody tr').filter({ hasText: 'r9_admin' }).waitFor();

    // No role and a bad mobile: both refused on their fields.
    await page.locator('#staff_loginName').fill(login);
    await page.locator('#staff_displayName').fill('钱财务');
    await page.locator('#staff_password').fill('Welcome2026');
    await page.locator('#staff_mobile').fill('12345');
    await page.getByRole('button', { name: words.create, exact: true }).click();
    await page.waitForFunction(`(${errorOf('staff_mobile')}) !== ''`);
    expect(await page.evaluate<string>(errorOf('staff_roles'))).not.toBe('');
    expect(await page.locator('#staff_loginName').inputValue()).toBe(login);
    expect(await page.locator('#staff_password').inputValue()).toBe('Welcome2026');
    await shots.check(page, 'admin-user-refused');

    // A password holding the login name: refused on the password.
    await page.locator('#staff_mobile').fill('13905790001');
    await page.getByRole('checkbox', { name: words.finance, exact: true }).check();
    await page.locator('#staff_password').fill(`${login}X2026`);
    await page.getByRole('button', { name: words.create, exact: true }).click();
    await page.waitForFunction(`(${errorOf('staff_password')}) !== ''`);
    // (the mobile's old message leaves with antd's motion)
    await page.waitForFunction(`(${errorOf('staff_mobile')}) === ''`);
    expect(await page.locator('#staff_displayName').inputValue()).toBe('钱财务');

    await page.locator('#staff_password').fill('Welcome2026');
    await page.getByRole('button', { name: words.create, exact: true }).click();
    await page.getByText(`${words.created}：${login}`).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: login });
    expect(await row.textContent()).toContain(words.finance);
    await shots.check(page, 'admin-users');
    const users = await h.http({ method: 'GET', url: '/api/v1/admin/users?role=finance', token: adminToken });
    expect(users.json().items.find((u: { loginName: string }) => u.loginName === login)).toMatchObject({
      displayName: '钱财务',
      roles: ['finance'],
      mobile: '13905790001',
    });

    // 快捷输入: an empty phrase refused, one added, then removed.
    await page.getByRole('link', { name: words.phrases, exact: true }).click();
    await page.locator('#phrase_text').waitFor();
    await page.locator('#phrase_sortOrder').fill('5');
    await page.getByRole('button', { name: words.add, exact: true }).click();
    await page.waitForFunction(`(${errorOf('phrase_text')}) !== ''`);
    expect(await page.locator('#phrase_sortOrder').inputValue()).toBe('5');
    const phrase = `材料清晰完整（${lang}）`;
    await page.locator('#phrase_text').fill(phrase);
    await page.getByRole('button', { name: words.add, exact: true }).click();
    await page.locator('tbody tr').filter({ hasText: phrase }).waitFor();
    await shots.check(page, 'admin-phrases');
    const listed = await h.http({ method: 'GET', url: '/api/v1/comment-phrases', token: adminToken });
    expect(listed.json().items.map((p: { text: string }) => p.text)).toContain(phrase);
    await page.getByRole('button', { name: `${words.remove}：${phrase}`, exact: true }).click();
    await page.locator('tbody tr').filter({ hasText: phrase }).waitFor({ state: 'detached' });

    // Prices: an empty price refused on its row; 388 元 saved as 38800 fen.
    await page.getByRole('link', { name: words.catalog, exact: true }).click();
    const services = (await h.http({ method: 'GET', url: '/api/v1/ca/catalog' })).json().items as {
      id: string;
      name: string;
    }[];
    const service = services[0];
    const price = page.getByLabel(`${words.price}：${service.name}`, { exact: true });
    await price.waitFor();
    await price.fill('');
    await page.getByRole('button', { name: `${words.save}：${service.name}`, exact: true }).click();
    await page.getByRole('alert').waitFor();
    await shots.check(page, 'admin-price-refused');
    const yuan = lang === 'zh' ? '388' : '399.5';
    await price.fill(yuan);
    await page.getByRole('button', { name: `${words.save}：${service.name}`, exact: true }).click();
    await page.getByText(words.saved, { exact: true }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    await shots.check(page, 'admin-catalog');
    const after = (await h.http({ method: 'GET', url: '/api/v1/ca/catalog' })).json().items as {
      id: string;
      unitPriceFen: number;
    }[];
    expect(after.find((s) => s.id === service.id)!.unitPriceFen).toBe(Math.round(Number(yuan) * 100));
  }, 180_000);
});

/**
 * How the API serves the console, and what makes it work in old browsers: deep links get index.html,
 * hashed scripts are immutable and gzipped, a missing one is the API's bilingual 404; the JavaScript
 * calls nothing Chrome 87 lacks, antd's CSS has no `:where()` and no logical properties, and browsers
 * without modules or JavaScript get a notice in plain Chinese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONSOLE_ROOT } from '../../api/plugins/console';
import { Screens, startConsoleStack, type ConsoleStack } from '../support/console';

let stack: ConsoleStack;

beforeAll(async () => {
  stack = await startConsoleStack();
  await stack.h.staff('serving_rev', ['registration_reviewer']);
});

afterAll(async () => {
  await stack?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => stack.h.http({ method: 'GET', url, headers });

/** The entry script named in index.html. */
async function entryScript(): Promise<string> {
  const html = (await get('/console/')).body;
  return /<script type="module" src="([^"]+)"/.exec(html)![1];
}

describe('serving', () => {
  test('/ and /console lead to the console', async () => {
    for (const url of ['/', '/console']) {
      const res = await get(url);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/console/');
    }
  });

  test('a deep link gets index.html, never cached, for the Chromium kernel of dual-core browsers', async () => {
    const res = await get('/console/tasks/registration-42/anything');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<meta name="renderer" content="webkit" />');
    expect(res.body).toMatch(/<script type="module" src="\/console\/assets\/main-[A-Z0-9]{8}\.js">/);
  });

  test('a hashed script is immutable and comes gzipped to a browser that takes gzip', async () => {
    const entry = await entryScript();
    const res = await get(entry, { 'accept-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-encoding']).toBe('gzip');
    const plain = await get(entry);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(fs.readFileSync(path.join(CONSOLE_ROOT, entry.replace('/console/', '')), 'utf8'));
  });

  test('a missing asset is the API bilingual 404, not index.html', async () => {
    const res = await get('/console/assets/main-ZZZZZZZZ.js');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: { code: 'NOT_FOUND', message: { zh: expect.any(String), en: expect.any(String) } },
    });
  });

  test('no path leaves the console folder', async () => {
    for (const url of [
      '/console/assets/../../../package.json',
      '/console/assets/%2e%2e/%2e%2e/package.json',
      '/console/assets//etc/passwd',
    ]) {
      const res = await get(url);
      expect({
        url,
        status: res.statusCode,
        leaked: res.body.includes('"dependencies"') || res.body.includes('root:'),
      }).toEqual({
        url,
        status: expect.any(Number),
        leaked: false,
      });
      expect(res.statusCode).not.toBe(200);
    }
  });
});

describe('old browsers', () => {
  const shots = new Screens('unsupported-browser', 'zh');

  test('the scripts call no API that Chrome 87 lacks', () => {
    // Syntax is compiled down by esbuild (target chrome87); library APIs are not, so they are listed here.
    const newer = [
      '.at(',
      'Object.hasOwn(',
      'structuredClone(',
      '.findLast(',
      '.findLastIndex(',
      '.toSorted(',
      '.toReversed(',
      'randomUUID',
      'crypto.subtle',
      'AbortSignal.timeout(',
    ];
    const assets = path.join(CONSOLE_ROOT, 'assets');
    const found = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith('.js'))
      .flatMap((f) => {
        const code = fs.readFileSync(path.join(assets, f), 'utf8');
        return newer.filter((api) => code.includes(api)).map((api) => `${f}: ${api}`);
      });
    expect(found).toEqual([]);
  });

  test("antd's CSS on the inbox has no :where() (Chrome 88) and no logical properties (Chrome 89)", async () => {
    const page = await stack.signedInPage('serving_rev', 'zh');
    await page.goto('/console/inbox');
    await page.getByRole('link', { name: '我的待办', exact: true }).waitFor();
    const css = await page.evaluate<string>(
      "Array.from(document.querySelectorAll('style'), (s) => s.textContent).join('\\n')",
    );
    expect(css.length).toBeGreaterThan(10_000);
    expect(css.match(/:where\(/g) ?? []).toEqual([]);
    // A property name after `{` or `;` (CSS variables such as --ant-padding-inline are not properties).
    expect(
      css.match(
        /[{;]\s*(?:(?:margin|padding|inset|border)-(?:inline|block)[\w-]*|inset|(?:min-|max-)?(?:inline|block)-size|border-(?:start|end)-(?:start|end)-radius)\s*:/g,
      ) ?? [],
    ).toEqual([]);
  });

  test('without JavaScript the page says so, in Chinese first', async () => {
    const context = await stack.browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const noScript = await context.newPage();
    await noScript.goto(`${stack.origin}/console/`);
    // Playwright's text locators skip <noscript>; the DOM has what the browser shows.
    expect(await noScript.evaluate<string>("document.querySelector('.unsupported').innerText")).toContain(
      '本系统需要启用 JavaScript',
    );
    await context.close();
    // axe needs JavaScript: it checks the same markup, served as a browser without JavaScript renders it.
    const page = await stack.newPage('zh');
    const html = (await get('/console/')).body.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<\/?noscript>/g, '');
    await page.route('**/console/', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto('/console/');
    await page.getByText('本系统需要启用 JavaScript').waitFor();
    await shots.check(page, 'no-javascript');
  });

  test('a browser without ES modules (Internet Explorer) runs only the notice', async () => {
    const page = await stack.newPage('zh');
    // Such a browser skips type="module" and runs the nomodule script: served here as it would act.
    const html = (await get('/console/')).body
      .replace(/<script type="module"[^>]*><\/script>/, '')
      .replace('<script nomodule>', '<script>');
    await page.route('**/console/', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await page.goto('/console/');
    await page.getByText('您使用的浏览器版本过低').waitFor();
    await page.getByText('切换到“极速模式”').waitFor();
    await shots.check(page, 'no-modules');
  });
});

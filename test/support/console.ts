/**
 * Browser tests of the web console: the real stack (harness: PostgreSQL, Temporal, a worker, the app
 * listening on a free port), the Debian Chromium driven by playwright-core, axe-core (WCAG 2 A and AA)
 * on every screen, and a full-page screenshot of each into test-output/screens/ (git-ignored).
 * Code that runs in the page is passed as strings: the root tsconfig has no DOM types.
 */
import type { WorkflowBundle } from '@temporalio/worker';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium';
import { CAPTCHA, PASSWORD, startHarness, type Harness } from './harness';

/** Where screenshots go. */
export const SCREENS_DIR = path.resolve(__dirname, '..', '..', 'test-output', 'screens');

/** A language of the console, as its switch and its storage know it. */
export type Lang = 'zh' | 'en';

/** The stack and a browser, for one test file. */
export interface ConsoleStack {
  h: Harness;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  browser: Browser;
  /** A new browser context (its own cookies and storage) with one page, in `lang`. */
  newPage(lang: Lang): Promise<Page>;
  /** A page whose context already holds `loginName`'s session cookie (signed in through the API). */
  signedInPage(loginName: string, lang: Lang): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts the harness (with `env` over its configuration), listens on `port` (default: a free one) and
 * launches Chromium.
 */
export async function startConsoleStack(
  opts: { workflowBundle?: WorkflowBundle; env?: Record<string, string>; port?: number } = {},
): Promise<ConsoleStack> {
  const h = await startHarness({ workflowBundle: opts.workflowBundle, env: opts.env });
  await h.app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const origin = `http://127.0.0.1:${(h.app.server.address() as { port: number }).port}`;
  const browser = await launchChromium();
  const contexts: BrowserContext[] = [];

  const newPage = async (lang: Lang) => {
    const context = await browser.newContext({
      baseURL: origin,
      locale: lang === 'zh' ? 'zh-CN' : 'en-US',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1366, height: 768 },
    });
    contexts.push(context);
    // The language as if chosen on an earlier visit (runs before every page load: set only once).
    await context.addInitScript(
      `try { localStorage.getItem('bpm.console.lang') || localStorage.setItem('bpm.console.lang', '${lang}') } catch (e) {}`,
    );
    return context.newPage();
  };

  return {
    h,
    origin,
    browser,
    newPage,
    async signedInPage(loginName, lang) {
      const page = await newPage(lang);
      const token = await h.login(loginName);
      await page
        .context()
        .addCookies([{ name: 'bpm_session', value: token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await h.close();
    },
  };
}

/** Signs in through the sign-in page's form (the test captcha answer, unless `captcha` is given). */
export async function signInThroughPage(
  page: Page,
  loginName: string,
  text: SignInText,
  captcha = CAPTCHA,
): Promise<void> {
  await page.getByLabel(text.loginName, { exact: true }).fill(loginName);
  await page.getByLabel(text.password, { exact: true }).fill(PASSWORD);
  await page.getByLabel(text.captcha, { exact: true }).fill(captcha);
  await page.getByRole('button', { name: text.submit, exact: true }).click();
}

/** The sign-in page's labels in one language. */
export interface SignInText {
  loginName: string;
  password: string;
  captcha: string;
  submit: string;
}

/** One violation axe found, in a form a failing test prints readably. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core with the WCAG 2 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // A message still fading in has not its final contrast yet: judge the screen once its animations end.
  await page.evaluate('Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined)))');
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"')))
    await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate<AxeViolation[]>(`
    axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } }).then((r) =>
      r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ') + ' — ' + n.failureSummary),
      })),
    )`);
}

/** Screenshots of one journey in one language, numbered in the order taken. */
export class Screens {
  private count = 0;
  private readonly dir: string;

  constructor(
    journey: string,
    private readonly lang: Lang,
  ) {
    this.dir = path.join(SCREENS_DIR, journey);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /**
   * Checks the screen as it is now: axe finds no WCAG 2 A/AA violation; then saves a full-page
   * screenshot `<nn>-<name>-<lang>.png` (`lang`: the language the screen is in, if the journey switched).
   * Returns the file's path.
   */
  async check(page: Page, name: string, lang: Lang = this.lang): Promise<string> {
    await page.evaluate('document.fonts.ready.then(() => true)');
    expect({ screen: name, lang, violations: await axeViolations(page) }).toEqual({
      screen: name,
      lang,
      violations: [],
    });
    const file = path.join(this.dir, `${String(++this.count).padStart(2, '0')}-${name}-${lang}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
    return file;
  }
}

/**
 * `npm run bench:console`: the web console in Chromium against PostgreSQL holding 100,000 open tasks.
 * Times from navigation to the first inbox rows on the screen (待领取, sorted by due date): cold (a
 * new browser profile: every script fetched) and warm (scripts in the browser's cache); and weighs the
 * JavaScript the sign-in page loads. The wall-clock figures grow with the machine's load (printed);
 * the CPU time per load does not. Last line:
 * `console inbox_first_rows_ms=<p50 warm> js_gzip_kb=<initial JS of the sign-in page, gzipped>`.
 */
import { Connection, Client } from '@temporalio/client';
import { sql } from 'kysely';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { buildApp } from '../api/app';
import { createStaffUser } from '../api/repos/users';
import { ROLES } from '../domain/roles';
import { openServices } from '../integrations';
import { buildConsole, CONSOLE_DIST } from '../scripts/build-console';
import { launchChromium } from '../scripts/chromium';
import { httpLogin, nowMs, quantile, startBenchEnv } from './support';

const OPEN_TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const COLD_RUNS = Number(process.env.BENCH_COLD ?? 5);
const WARM_RUNS = Number(process.env.BENCH_WARM ?? 20);
const STAFF_ROLES = ROLES.filter((r) => r !== 'applicant' && r !== 'admin' && r !== 'operator');
const INBOX = '/console/inbox?tab=pool';
const FIRST_ROW = 'tbody tr[data-row-key]';

/**
 * CPU time (ms) used so far by the processes this one started (Chromium's), read from /proc: in all,
 * and by the renderers (the pages' own work: scripts, style, layout, paint).
 */
function chromiumCpuMs(): { all: number; renderer: number } {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12])); // utime + stime
    } catch {
      // The process ended meanwhile.
    }
  }
  const ours = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  const used = { all: 0, renderer: 0 };
  for (const [pid, t] of ticks) {
    if (!ours(pid)) continue;
    const ms = t * 10; // 100 clock ticks a second on Linux
    used.all += ms;
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) used.renderer += ms;
    } catch {
      // The process ended meanwhile.
    }
  }
  return used;
}

/** The renderer's main-thread busy time so far (ms), from Chromium's performance metrics. */
async function busyMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
}

/**
 * Milliseconds from navigating to `url` until the first inbox row is on the screen; how long the page's
 * main thread was busy meanwhile (stretched, like the wall clock, when other work shares the cores);
 * and the CPU time Chromium used for it, which other work does not stretch.
 */
async function timeToFirstRows(
  page: Page,
  url: string,
): Promise<{ ms: number; busy: number; cpu: number; rendererCpu: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const busy0 = await busyMs(cdp);
  const cpu0 = chromiumCpuMs();
  const t0 = nowMs();
  await page.goto(url);
  await page.locator(FIRST_ROW).first().waitFor();
  const ms = nowMs() - t0;
  const cpu1 = chromiumCpuMs();
  const busy = (await busyMs(cdp)) - busy0;
  await cdp.detach();
  return { ms, busy, cpu: cpu1.all - cpu0.all, rendererCpu: cpu1.renderer - cpu0.renderer };
}

/**
 * Where a warm load's time goes, in ms from navigation: the page's HTML, the session answered
 * (`/auth/me`), the inbox's request sent and answered (`/tasks`), and the first row on the screen.
 */
async function warmBreakdown(page: Page, url: string): Promise<Record<string, number>> {
  await page.goto(url);
  await page.locator(FIRST_ROW).first().waitFor();
  return page.evaluate(`(() => {
    const at = (part, field) => {
      const e = performance.getEntriesByType('resource').find((r) => r.name.includes(part));
      return e ? Math.round(e[field]) : -1;
    };
    return {
      html: Math.round(performance.getEntriesByType('navigation')[0].responseEnd),
      session: at('/api/v1/auth/me', 'responseEnd'),
      tasks_sent: at('/api/v1/tasks', 'startTime'),
      tasks_answered: at('/api/v1/tasks', 'responseEnd'),
      rows: Math.round(performance.now()),
    };
  })()`);
}

/** A browser context with an empty cache, signed in by its session cookie. */
async function freshPage(browser: Browser, origin: string, token: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
  });
  await context.addCookies([{ name: 'bpm_session', value: token, url: origin, httpOnly: true, sameSite: 'Lax' }]);
  return context.newPage();
}

/** The scripts the sign-in page loads and their gzipped size (as served: the build's .gz copies). */
async function signInPageScripts(
  browser: Browser,
  origin: string,
): Promise<{ files: string[]; gzipBytes: number; bytes: number }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const files: string[] = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/console/assets/') && url.pathname.endsWith('.js'))
      files.push(url.pathname.replace('/console/', ''));
  });
  await page.goto(`${origin}/console/signin`);
  await page.getByRole('button', { name: '登录', exact: true }).waitFor();
  await page.waitForLoadState('networkidle');
  await context.close();
  let gzipBytes = 0;
  let bytes = 0;
  for (const file of files) {
    const code = fs.readFileSync(path.join(CONSOLE_DIST, file));
    bytes += code.length;
    gzipBytes += zlib.gzipSync(code, { level: 9 }).length;
  }
  return { files, gzipBytes, bytes };
}

async function main(): Promise<void> {
  await buildConsole({ mode: 'production' });
  const env = await startBenchEnv({ temporal: false });
  const { config } = env;
  const services = await openServices(config);
  const db = services.db;

  // 100,000 open tasks over the staff roles, due over 60 days, unclaimed, 1 in 50 escalated; 20,000 closed.
  const roles = sql.raw(`array[${STAFF_ROLES.map((r) => `'${r}'`).join(',')}]`);
  const fill = (status: string, count: number, offset: number) => sql`
    insert into tasks (id, process_id, process_type, enterprise_id, kind, title, step, candidate_role, escalation_role, status,
                       outcomes, form, opened_at, due_at, escalated_at, version)
    select 'bench-' || (g + ${offset}), 'registration:' || (g % 20000), 'registration', 'ent-' || (g % 20000), 'registration.review',
           '企业注册审核 第1轮 · 审核人1', '企业审核人1审核', (${roles})[1 + g % ${STAFF_ROLES.length}],
           case when g % 50 = 0 then 'supervisor' end, ${status}, '["approve","reject","return"]'::jsonb, '[]'::jsonb,
           now() - interval '3 days', now() + (g % 86400) * interval '1 minute',
           case when g % 50 = 0 then now() end, 1
    from generate_series(1, ${count}) as g`;
  await fill('open', OPEN_TASKS, 0).execute(db);
  await fill('completed', OPEN_TASKS / 5, OPEN_TASKS).execute(db);
  await sql`analyze tasks`.execute(db);

  const temporal = new Client({ connection: Connection.lazy({ address: config.temporal.address }) });
  const app = await buildApp({ ...services, config, temporal, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const origin = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await createStaffUser(db, {
    loginName: 'bench_console',
    password: 'Bench12345',
    displayName: '基准测试',
    roles: [...STAFF_ROLES],
  });
  const token = await httpLogin(origin, 'bench_console', 'Bench12345', 'bench');

  const browser = await launchChromium();
  try {
    const cold: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const page = await freshPage(browser, origin, token);
      cold.push((await timeToFirstRows(page, origin + INBOX)).ms);
      await page.context().close();
    }
    const page = await freshPage(browser, origin, token);
    await timeToFirstRows(page, origin + INBOX); // fills the cache
    const warm: number[] = [];
    const warmBusy: number[] = [];
    const warmCpu: number[] = [];
    const warmRendererCpu: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const run = await timeToFirstRows(page, origin + INBOX);
      warm.push(run.ms);
      warmBusy.push(run.busy);
      warmCpu.push(run.cpu);
      warmRendererCpu.push(run.rendererCpu);
    }
    const breakdown = await warmBreakdown(page, origin + INBOX);
    await page.context().close();

    const signIn = await signInPageScripts(browser, origin);
    const all = fs.readdirSync(path.join(CONSOLE_DIST, 'assets')).filter((f) => f.endsWith('.js'));
    const allGzip = all.reduce((sum, f) => sum + fs.statSync(path.join(CONSOLE_DIST, 'assets', `${f}.gz`)).size, 0);
    const coldP50 = quantile(cold, 0.5);
    const warmP50 = quantile(warm, 0.5);
    const kb = (n: number) => (n / 1024).toFixed(1);
    // Other work on the machine slows a browser more than an API: the load average says how busy it was.
    console.log(
      `open_tasks=${OPEN_TASKS} cold_runs=${cold.length} warm_runs=${warm.length} load1=${os.loadavg()[0].toFixed(1)} cpus=${os.cpus().length}`,
    );
    console.log(
      `first_rows_ms cold_p50=${coldP50.toFixed(0)} cold_max=${Math.max(...cold).toFixed(0)} warm_p50=${warmP50.toFixed(0)} warm_p90=${quantile(warm, 0.9).toFixed(0)} warm_main_thread_p50=${quantile(warmBusy, 0.5).toFixed(0)} warm_chromium_cpu_p50=${quantile(warmCpu, 0.5).toFixed(0)} warm_renderer_cpu_p50=${quantile(warmRendererCpu, 0.5).toFixed(0)} warm/cold=${(warmP50 / coldP50).toFixed(2)}`,
    );
    console.log(
      `signin_scripts=${signIn.files.length} signin_js_kb=${kb(signIn.bytes)} signin_gzip_kb=${kb(signIn.gzipBytes)} all_scripts=${all.length} all_gzip_kb=${kb(allGzip)} signin/all=${(signIn.gzipBytes / allGzip).toFixed(2)}`,
    );
    console.log(
      `warm_breakdown_ms ${Object.entries(breakdown)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    console.log(`console inbox_first_rows_ms=${warmP50.toFixed(0)} js_gzip_kb=${kb(signIn.gzipBytes)}`);
  } finally {
    await browser.close();
    await app.close();
    await temporal.connection.close();
    await services.close();
    await env.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

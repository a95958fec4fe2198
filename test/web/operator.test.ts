/**
 * O1–O3 in Chromium against the real stack: an operator lists the processes, filters them by type,
 * opens a registration under review, reads its timeline, open task and 意见 table, downloads the raw
 * Temporal history and finds the link to the workflow in the Temporal Web UI. axe and a screenshot on
 * every screen, in Chinese and in English.
 */
import fs from 'node:fs';
import path from 'node:path';
import { prepareRegistration, registerApplicant } from '../support/enterprise';
import { bundle, eventually } from '../support/harness';
import { Screens, startConsoleStack, type ConsoleStack, type Lang } from '../support/console';

let stack: ConsoleStack;
let adminToken: string;

beforeAll(async () => {
  stack = await startConsoleStack({ workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')) });
  await stack.h.staff('ops_admin', ['admin', 'operator']);
  adminToken = await stack.h.login('ops_admin');
});

afterAll(async () => {
  await stack?.close();
});

const WORDS = {
  zh: {
    processes: '业务流程',
    type: '流程类型',
    registration: '企业注册审核',
    inReview: '审核中',
    openTasks: '待办任务',
    timeline: '业务时间线',
    raw: '下载原始执行历史（JSON）',
    temporalUi: '在 Temporal UI 中打开',
    comments: '意见',
  },
  en: {
    processes: 'Processes',
    type: 'Type',
    registration: 'Enterprise registration',
    inReview: 'In review',
    openTasks: 'Open tasks',
    timeline: 'Timeline',
    raw: 'Download the raw history (JSON)',
    temporalUi: 'Open in the Temporal UI',
    comments: 'Comments',
  },
} satisfies Record<Lang, Record<string, string>>;

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('an operator finds a registration among the processes, reads its timeline and downloads its raw history', async () => {
    const { h } = stack;
    const shots = new Screens('operator', lang);
    const operator = `ops_${lang}`;
    await h.staff(operator, ['operator']);
    const applicant = await registerApplicant(h, adminToken);
    await prepareRegistration(h, applicant);
    const submitted = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: applicant.token,
      payload: {},
    });
    expect(submitted.statusCode).toBe(202);
    const processId = submitted.json().processId as string;
    await eventually(async () => {
      const res = await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token: adminToken });
      return res.json().items.length > 0;
    }, 'the first review task');

    // O1: the list, filtered to registrations by a link.
    const page = await stack.signedInPage(operator, lang);
    await page.goto('/console/processes?type=registration');
    await page.getByRole('heading', { name: words.processes, exact: true }).waitFor();
    const row = page.locator('tbody tr').filter({ hasText: processId });
    await row.waitFor();
    expect(await row.textContent()).toContain(words.inReview);
    await shots.check(page, 'processes');

    // O2: the process page — the open task, the timeline, the link to the Temporal UI.
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/console/processes/${encodeURIComponent(processId)}$`));
    await page.getByRole('heading', { name: words.timeline, exact: true }).waitFor();
    await page.locator('[data-timeline-kind]').first().waitFor();
    expect(await page.locator('[data-timeline-kind]').count()).toBeGreaterThan(1);
    await page.getByRole('heading', { name: words.openTasks, exact: true }).waitFor();
    const taskLink = page.getByRole('link', { name: /企业注册审核 第1轮/ });
    expect(await taskLink.getAttribute('href')).toMatch(/^\/console\/tasks\//);
    expect(await page.getByRole('link', { name: words.temporalUi }).getAttribute('href')).toBe(
      `http://localhost:8233/namespaces/default/workflows/${encodeURIComponent(processId)}`,
    );
    await shots.check(page, 'process');

    // O3: the raw history downloads as Temporal's JSON.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: words.raw }).click(),
    ]);
    const file = await download.path();
    const history = JSON.parse(fs.readFileSync(file!, 'utf8'));
    expect(history.events[0].eventType).toMatch(/WORKFLOW_EXECUTION_STARTED/);
  }, 180_000);
});

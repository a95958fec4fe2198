/**
 * R7 in Chromium against the real stack (Temporal, PostgreSQL, SoftHSM2 behind a token station): an
 * enterprise adds two UKeys made by the order process and submits; the binding administrator opens the
 * binding approval, sees each change with the certificate read off its lock (serial, subject, valid to),
 * records the call, refuses one change with its reason and approves the other; the result shows, and the
 * binding table says which is in force. The changes' read is staff-readable only by the process's roles.
 * axe and a screenshot on every screen, in Chinese and in English.
 */
import { activeApplicant, type Applicant } from '../support/enterprise';
import { eventually } from '../support/harness';
import type { TestSoftHsm } from '../support/softhsm';
import { Screens, type ConsoleStack, type Lang } from '../support/console';
import { startStationConsole, type StationConsole } from '../support/station-console';
import { checkSettled as check } from '../support/pages';

const STATION = 'desk-bind-station';
let env: StationConsole;
let stack: ConsoleStack;
let hsm: TestSoftHsm;
let adminToken: string;
let drive: StationConsole['drive'];

beforeAll(async () => {
  env = await startStationConsole({ stationId: STATION, tokens: 4, staff: 'bd' });
  ({ stack, hsm, adminToken, drive } = env);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

const WORDS = {
  zh: {
    claim: '领取',
    approve: '通过',
    approved: '已办理：通过',
    title: '提交的绑定变更',
    approvedRow: '已通过',
    rejected: '未通过',
  },
  en: {
    claim: 'Claim',
    approve: 'Approve',
    approved: 'Decided: Approve',
    title: 'The binding changes submitted',
    approvedRow: 'approved',
    rejected: 'rejected',
  },
} satisfies Record<Lang, Record<string, string>>;

/** Reads, adds and submits the enterprise's UKeys; answers the process ID and the rows added. */
async function submitLocks(a: Applicant, serials: string[]) {
  const { h } = stack;
  const rows: { id: string; lockNo: string; certificateSerial: string; subject: string; expiresAt: string }[] = [];
  for (const tokenSerial of serials) {
    const read = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings/read-lock',
      token: a.token,
      payload: { stationId: STATION, tokenSerial },
    });
    expect(read.statusCode).toBe(200);
    const added = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/ca-bindings',
      token: a.token,
      payload: { stationId: STATION, tokenSerial },
    });
    expect(added.statusCode).toBe(201);
    expect(added.json().certificateSerial).toBe(read.json().certificate.serial);
    rows.push(added.json());
  }
  const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/ca-bindings/submit', token: a.token });
  expect(submitted.statusCode).toBe(202);
  return { processId: submitted.json().processId as string, rows };
}

describe.each(['zh', 'en'] as const)('in %s', (lang) => {
  const words = WORDS[lang];

  test('the binding administrator sees each lock’s certificate, refuses one change with its reason and approves the other', async () => {
    const { h } = stack;
    const shots = new Screens('binding-decision', lang);
    const binder = `bd_bind_${lang}`;
    await h.staff(binder, ['binding_admin']);
    await h.staff(`bd_fin_${lang}`, ['finance']);
    const binderToken = await h.login(binder);
    const a = await activeApplicant(h, adminToken);
    const serials = lang === 'zh' ? hsm.serials.slice(0, 2) : hsm.serials.slice(2, 4);
    const { order } = await drive.madeUKeys(a, serials);
    const { processId, rows } = await submitLocks(a, serials);

    const task = await drive.taskFor(processId, 'binding.review', binderToken);

    // The changes with their certificates: the binding administrator and the enterprise read them;
    // staff of another process do not, nor does anyone signed out; another process has no binding changes.
    const url = `/api/v1/processes/${encodeURIComponent(processId)}/binding-changes`;
    const read = await h.http({ method: 'GET', url, token: binderToken });
    expect({ status: read.statusCode, body: read.json() }).toMatchObject({ status: 200 });
    expect(read.json().items).toEqual(
      rows.map((r) =>
        expect.objectContaining({
          id: r.id,
          lockNo: r.lockNo,
          certificateSerial: r.certificateSerial,
          subject: expect.stringContaining(a.creditCode),
          expiresAt: r.expiresAt,
          change: { code: 'add', label: { zh: '新增', en: 'add' } },
          review: { code: 'pending', label: { zh: '未审核', en: 'awaiting review' } },
        }),
      ),
    );
    expect((await h.http({ method: 'GET', url, token: a.token })).statusCode).toBe(200);
    const other = await h.http({ method: 'GET', url, token: await h.login(`bd_fin_${lang}`) });
    expect(other.statusCode).toBe(404);
    expect((await h.http({ method: 'GET', url })).statusCode).toBe(401);
    const notBinding = await h.http({
      method: 'GET',
      url: `/api/v1/processes/${encodeURIComponent(order.processId)}/binding-changes`,
      token: adminToken,
    });
    expect(notBinding.statusCode).toBe(404);

    // R7 in the page: each change with its lock's certificate.
    const page = await stack.signedInPage(binder, lang);
    await page.goto(`/console/tasks/${encodeURIComponent(task.id)}`);
    await page.getByRole('heading', { name: words.title }).waitFor();
    await page.getByRole('button', { name: words.claim, exact: true }).click();
    await page.getByRole('button', { name: words.approve, exact: true }).waitFor();
    for (const r of rows) {
      const row = page.locator(`tr[data-change="${r.id}"]`);
      await row.getByText(r.certificateSerial, { exact: true }).waitFor();
      await row.getByText(r.lockNo, { exact: true }).waitFor();
      await row.getByText(r.subject, { exact: true }).waitFor();
      await row.getByText(r.expiresAt.slice(0, 4), { exact: false }).waitFor();
    }
    await page.locator('#decision_callerName').fill('陈沁');
    await page.locator('#decision_callerNumber').fill('0571-86090941');
    await page.locator('#decision_notes').fill('企业来电申请绑定，核对锁号');
    // Each change's reason is asked by its number and lock, as the table shows them (never by an ID).
    const lockLabel = lang === 'zh' ? `锁号 ${rows[1].lockNo}` : `lock ${rows[1].lockNo}`;
    await page.getByLabel(lockLabel, { exact: false }).fill('该锁非本企业经办人持有');
    expect(await page.getByLabel(rows[1].id).count()).toBe(0);
    await check(shots, page, 'binding-review');
    await page.getByRole('button', { name: words.approve, exact: true }).click();
    await page.getByText(words.approved).waitFor();

    // The first change in force, the second refused with its reason.
    const table = await eventually(async () => {
      const items = (await h.http({ method: 'GET', url: '/api/v1/enterprise/ca-bindings', token: a.token })).json()
        .items;
      return items.every((b: { review: { code: string } }) => b.review.code !== 'pending') ? items : undefined;
    }, 'the decision applied');
    expect(
      table.map((b: { id: string; active: boolean; review: { code: string } }) => [b.id, b.active, b.review.code]),
    ).toEqual([
      [rows[0].id, true, 'approved'],
      [rows[1].id, false, 'rejected'],
    ]);
    expect(table[1].reason).toBe('该锁非本企业经办人持有');

    // The result on the page: the first change approved, the second refused with its reason.
    await page.reload();
    await page.getByText(words.approved).waitFor();
    const refused = page.locator(`tr[data-change="${rows[1].id}"]`);
    await refused.getByText(words.rejected, { exact: true }).waitFor();
    await refused.getByText('该锁非本企业经办人持有', { exact: true }).waitFor();
    await page.locator(`tr[data-change="${rows[0].id}"]`).getByText(words.approvedRow, { exact: true }).waitFor();
    await check(shots, page, 'binding-approved');
  }, 180_000);
});

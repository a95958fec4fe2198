/**
 * The inbox's names, search and orders — GET /api/v1/tasks: each row carries its enterprise's name and
 * credit code and its assignee's name; `q` narrows to an enterprise name or credit code (wildcards literal);
 * `sort=created` pages by opening time without repeats or gaps; bad values are 400s naming the field.
 */
import type { Harness } from '../support/harness';
import { startHarness } from '../support/harness';

let h: Harness;
let token: string;
let reviewerId: string;
const KIND = 'inbox-search.review';
const HOUR = 3_600_000;
const base = Date.now();

/** Inserts an open review task of `KIND`, for registration reviewers unless `roles` says otherwise. */
async function task(
  id: string,
  enterpriseId: string | null,
  openedHoursAgo: number,
  dueInHours: number,
  assignee: string | null = null,
  roles: { candidate: string; escalation: string | null } = { candidate: 'registration_reviewer', escalation: null },
) {
  await h.db
    .insertInto('tasks')
    .values({
      id,
      process_id: `registration:${id}`,
      process_type: 'registration',
      enterprise_id: enterpriseId,
      kind: KIND,
      title: '企业注册审核',
      step: '初审',
      candidate_role: roles.candidate,
      escalation_role: roles.escalation,
      escalated_at: roles.escalation ? new Date() : null,
      assignee_id: assignee,
      assigned_by: null,
      status: 'open',
      outcomes: JSON.stringify(['approve', 'reject']),
      form: JSON.stringify([]),
      comment_required_for: JSON.stringify([]),
      four_eyes_group: null,
      opened_at: new Date(base - openedHoursAgo * HOUR),
      due_at: new Date(base + dueInHours * HOUR),
      version: 1,
    })
    .execute();
}

async function enterprise(id: string, name: string, creditCode: string | null) {
  await h.db
    .insertInto('enterprises')
    .values({ id, entity_name: name, name_key: id, credit_code: creditCode })
    .execute();
}

async function list(query: string) {
  return h.http({ method: 'GET', url: `/api/v1/tasks?kind=${KIND}&${query}`, token });
}

beforeAll(async () => {
  h = await startHarness({});
  reviewerId = await h.staff('search_rev', ['registration_reviewer']);
  token = await h.login('search_rev');
  await enterprise('ent-search-a', '金华市百分建设工程有限公司', '91330701MA2E000001');
  await enterprise('ent-search-b', '义乌市50%股份贸易有限公司', '91330782MA2E000002');
  await enterprise('ent-search-c', '东阳市50x股份木雕有限公司', null);
  await task('ts-1', 'ent-search-a', 5, 5, reviewerId);
  await task('ts-2', 'ent-search-b', 1, 1);
  await task('ts-3', 'ent-search-c', 3, 3);
  await task('ts-4', 'ent-search-a', 2, 4);
  await task('ts-5', null, 4, 2);
});

afterAll(async () => {
  await h?.close();
});

test('each row carries its enterprise name and credit code and its assignee name, joined in place', async () => {
  const res = await list('');
  expect(res.statusCode).toBe(200);
  const items: Record<string, unknown>[] = res.json().items;
  const byId = new Map(items.map((i) => [i.id, i]));
  expect(byId.get('ts-1')).toMatchObject({
    enterpriseName: '金华市百分建设工程有限公司',
    creditCode: '91330701MA2E000001',
    assigneeName: 'search_rev 测试',
  });
  expect(byId.get('ts-3')).toMatchObject({
    enterpriseName: '东阳市50x股份木雕有限公司',
    creditCode: null,
    assigneeName: null,
  });
  expect(byId.get('ts-5')).toMatchObject({ enterpriseName: null, creditCode: null, assigneeName: null });
  // By due time by default.
  expect(items.map((i) => i.id)).toEqual(['ts-2', 'ts-5', 'ts-3', 'ts-4', 'ts-1']);
});

test('q matches the enterprise name or credit code as a case-insensitive substring, wildcards literally', async () => {
  const ids = async (q: string) =>
    ((await list(`q=${encodeURIComponent(q)}`)).json().items as { id: string }[]).map((i) => i.id);
  expect(await ids('百分建设')).toEqual(['ts-4', 'ts-1']);
  expect(await ids('ma2e000002')).toEqual(['ts-2']);
  expect(await ids('91330')).toEqual(['ts-2', 'ts-4', 'ts-1']);
  // `%` and `_` are literal: "50%" is in one name only, "50x" is not matched by "50_".
  expect(await ids('50%')).toEqual(['ts-2']);
  expect(await ids('50_')).toEqual([]);
  expect(await ids('没有这家企业')).toEqual([]);
});

test('sort=created pages by opening time, oldest first, without repeats or gaps', async () => {
  // Both the plain inbox and a role's inbox (the union of its two halves).
  for (const role of ['', '&role=registration_reviewer']) {
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const res = await list(`sort=created&limit=2${role}${next ? `&cursor=${next}` : ''}`);
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...body.items.map((i) => i.id));
      next = body.nextCursor;
    } while (next);
    expect(seen).toEqual(['ts-1', 'ts-5', 'ts-3', 'ts-4', 'ts-2']);
  }

  const due: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(`limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    const body = res.json() as { items: { id: string }[]; nextCursor: string | null };
    due.push(...body.items.map((i) => i.id));
    cursor = body.nextCursor;
  } while (cursor);
  expect(due).toEqual(['ts-2', 'ts-5', 'ts-3', 'ts-4', 'ts-1']);
});

test('bad q, sort or a cursor of the other order give a bilingual 400 naming the field', async () => {
  const first = (await list('sort=created&limit=1')).json() as { nextCursor: string };
  const cases: [string, string][] = [
    ['q=', 'q'],
    [`q=${'x'.repeat(65)}`, 'q'],
    ['sort=name', 'sort'],
    [`sort=due&cursor=${first.nextCursor}`, 'cursor'],
  ];
  for (const [query, field] of cases) {
    const res = await list(query);
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error).toMatchObject({
      code: expect.any(String),
      message: { zh: expect.any(String), en: expect.any(String) },
    });
    expect(error.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field, message: { zh: expect.any(String), en: expect.any(String) } }),
      ]),
    );
  }
});

test('an applicant still sees no inbox rows, so no names or credit codes', async () => {
  await h.staff('search_applicant', ['applicant'], { enterpriseId: 'ent-search-a' });
  const res = await h.http({
    method: 'GET',
    url: `/api/v1/tasks?q=${encodeURIComponent('百分')}`,
    token: await h.login('search_applicant'),
  });
  // As before this change: the route answers, but no task is offered to the applicant role.
  expect(res.statusCode).toBe(200);
  expect(res.json().items).toEqual([]);
  expect(res.body).not.toMatch(/百分建设|91330701MA2E000001|search_rev/);
});

test("a role's inbox searched by enterprise holds the role's own and its escalated tasks of that enterprise, page by page", async () => {
  await h.staff('search_sup', ['supervisor']);
  const supervisorToken = await h.login('search_sup');
  const roleTask = (id: string, enterpriseId: string, candidate: string, escalation: string | null, due: number) =>
    task(id, enterpriseId, 0, due, null, { candidate, escalation });
  await roleTask('sv-1', 'ent-search-a', 'supervisor', null, 6);
  await roleTask('sv-2', 'ent-search-a', 'registration_reviewer', 'supervisor', 7);
  await roleTask('sv-3', 'ent-search-b', 'registration_reviewer', 'supervisor', 8);
  const page = async (role: string, bearer: string, cursor?: string) => {
    const res = await h.http({
      method: 'GET',
      url: `/api/v1/tasks?kind=${KIND}&role=${role}&q=${encodeURIComponent('百分建设')}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
      token: bearer,
    });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: { id: string }[]; nextCursor: string | null };
  };
  const walk = async (role: string, bearer: string) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const p = await page(role, bearer, cursor);
      ids.push(...p.items.map((i) => i.id));
      cursor = p.nextCursor ?? undefined;
    } while (cursor);
    return ids;
  };
  // The supervisor's own task and the one escalated to it, of that enterprise only.
  expect(await walk('supervisor', supervisorToken)).toEqual(['sv-1', 'sv-2']);
  // The reviewers' tasks of that enterprise, escalated or not, by due time.
  expect(await walk('registration_reviewer', token)).toEqual(['ts-4', 'ts-1', 'sv-2']);
});

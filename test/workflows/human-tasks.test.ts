/**
 * The human-task engine against the real Temporal service and PostgreSQL: open → claim → complete
 * through the HTTP API, validator rejections that write nothing, Idempotency-Key, four-eyes, own
 * enterprise, comments, the process record and timeline, and secrets kept out of history.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { WorkflowBundle } from '@temporalio/worker';
import { completeTaskUpdate, openTasksQuery, type Actor } from '../../contracts/tasks';
import { sha256 } from '../../platform/seal';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { historyTexts } from '../support/history';
import { createProbeActivities } from './fixtures/probe-activities';
import type { probeProcess } from './fixtures/probe';

const EventType = temporal.api.enums.v1.EventType;
const DAY = 86_400_000;
const PIN = '493817';

let workflowBundle: WorkflowBundle;
let h: Harness;
let reviewerA: string;
let reviewerB: string;
let tokens: Record<string, string>;

beforeAll(async () => {
  workflowBundle = await bundle(path.join(__dirname, 'fixtures'));
  h = await startHarness({ workflowBundle, extraActivities: (s) => createProbeActivities(s) });
  reviewerA = await h.staff('reviewer_a', ['registration_reviewer']);
  reviewerB = await h.staff('reviewer_b', ['registration_reviewer']);
  await h.staff('insider', ['registration_reviewer'], { enterpriseId: 'ent-own' });
  await h.staff('finance_1', ['finance']);
  await h.staff('ops', ['operator']);
  tokens = {};
  for (const u of ['reviewer_a', 'reviewer_b', 'insider', 'finance_1', 'ops']) tokens[u] = await h.login(u);
});

afterAll(async () => {
  await h?.close();
});

async function startProbe(enterpriseId = `ent-${randomUUID()}`): Promise<WorkflowHandle<typeof probeProcess>> {
  return h.client.workflow.start<typeof probeProcess>('probeProcess', {
    taskQueue: h.config.temporal.taskQueue,
    workflowId: `probe:${randomUUID()}`,
    args: [
      {
        enterpriseId,
        reviewRole: 'registration_reviewer',
        dueInMs: 30 * DAY,
        escalateAfterMs: 30 * DAY,
        pinHash: sha256(PIN),
      },
    ],
  });
}

/** The open task of a process, once the projection shows it. */
async function openTask(
  processId: string,
  step: string,
): Promise<{ id: string; status: string; assigneeId: string | null }> {
  return eventually(async () => {
    const res = await h.http({
      method: 'GET',
      url: `/api/v1/tasks?processId=${encodeURIComponent(processId)}`,
      token: tokens.reviewer_a,
    });
    return (res.json().items as { id: string; step: string; status: string; assigneeId: string | null }[]).find(
      (t) => t.step === step,
    );
  }, `open task ${step}`);
}

function actorFor(userId: string, loginName: string, enterpriseId: string | null = null): Actor {
  return {
    userId,
    loginName,
    displayName: loginName,
    roles: ['registration_reviewer'],
    enterpriseId,
    department: null,
  };
}

/** The length of the history once the workflow is idle (no pending activity or workflow task, nothing new). */
async function historyLength(handle: WorkflowHandle): Promise<number> {
  let previous = -1;
  return eventually(async () => {
    const { raw } = await handle.describe();
    const events = (await handle.fetchHistory()).events ?? [];
    const idle = !raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0 && events.length === previous;
    previous = events.length;
    return idle ? events.length : undefined;
  }, 'an idle workflow');
}

/** Update events in the history (rejected Updates leave none). */
async function updateEvents(handle: WorkflowHandle): Promise<number> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.filter((e) => String(EventType[e.eventType ?? 0]).startsWith('EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE'))
    .length;
}

async function rejectionOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (err as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return (cause as ApplicationFailure).type ?? undefined;
  }
  throw new Error('the update was accepted');
}

test('a task goes open → claimed → completed through the API, and the process record shows it', async () => {
  const handle = await startProbe();
  const task = await openTask(handle.workflowId, '初审');
  expect(task.status).toBe('open');

  const claimed = await h.http({ method: 'POST', url: `/api/v1/tasks/${task.id}/claim`, token: tokens.reviewer_a });
  expect(claimed.statusCode).toBe(200);
  expect(claimed.json().assigneeId).toBe(reviewerA);

  // Claimed by A: B may neither claim nor decide it.
  const stolen = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${task.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'approve' },
  });
  expect(stolen.statusCode).toBe(403);
  expect(stolen.json().error.code).toBe('ActorNotEntitled');

  const done = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${task.id}/complete`,
    token: tokens.reviewer_a,
    payload: { outcome: 'approve', comment: '资料齐全 complete' },
  });
  expect(done.statusCode).toBe(200);
  expect(done.json()).toMatchObject({
    taskId: task.id,
    outcome: 'approve',
    comment: '资料齐全 complete',
    actor: { userId: reviewerA },
  });

  const record = await eventually(async () => {
    const r = (
      await h.http({ method: 'GET', url: `/api/v1/processes/${handle.workflowId}`, token: tokens.reviewer_a })
    ).json();
    return r.decisions?.length === 1 && r.openTasks?.length === 1 ? r : undefined;
  }, 'process record with one decision');
  expect(record.decisions[0]).toMatchObject({
    id: task.id,
    status: 'completed',
    decision: { outcome: 'approve', actor: { userId: reviewerA } },
  });
  expect(record.openTasks[0].step).toBe('复审');
  expect(record.comments).toEqual([
    expect.objectContaining({ seq: 1, step: '初审', department: '交易中心', text: '资料齐全 complete' }),
  ]);

  const timeline = (
    await h.http({ method: 'GET', url: `/api/v1/processes/${handle.workflowId}/history`, token: tokens.reviewer_a })
  ).json().items as { kind: string; detail: Record<string, unknown> }[];
  const kinds = timeline.map((e) => e.kind);
  expect(kinds[0]).toBe('process_started');
  expect(kinds).toEqual(expect.arrayContaining(['task_opened', 'task_claimed', 'task_decided']));
  expect(timeline.find((e) => e.kind === 'task_decided')?.detail).toMatchObject({
    outcome: 'approve',
    comment: '资料齐全 complete',
    actor: { userId: reviewerA },
  });
  await handle.terminate('test done');
});

test('the validator rejects a wrong actor, a closed task and an unknown outcome, writing nothing to history', async () => {
  const handle = await startProbe();
  const task = await openTask(handle.workflowId, '初审');
  const before = await historyLength(handle);

  const wrongRole = { ...actorFor('someone', 'someone'), roles: ['finance' as const] };
  expect(
    await rejectionOf(
      handle.executeUpdate(completeTaskUpdate, { args: [{ taskId: task.id, outcome: 'approve', actor: wrongRole }] }),
    ),
  ).toBe('ActorNotEntitled');
  expect(
    await rejectionOf(
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, outcome: 'maybe', actor: actorFor(reviewerA, 'reviewer_a') }],
      }),
    ),
  ).toBe('OutcomeNotAllowed');
  expect(
    await rejectionOf(
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, outcome: 'reject', actor: actorFor(reviewerA, 'reviewer_a') }],
      }),
    ),
  ).toBe('InvalidTaskInput');
  expect(
    await rejectionOf(
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: 'no-such-task', outcome: 'approve', actor: actorFor(reviewerA, 'reviewer_a') }],
      }),
    ),
  ).toBe('TaskNotFound');
  expect(await historyLength(handle)).toBe(before);
  expect(await updateEvents(handle)).toBe(0);

  await handle.executeUpdate(completeTaskUpdate, {
    args: [{ taskId: task.id, outcome: 'approve', actor: actorFor(reviewerA, 'reviewer_a') }],
  });
  const after = await historyLength(handle);
  expect(
    await rejectionOf(
      handle.executeUpdate(completeTaskUpdate, {
        args: [{ taskId: task.id, outcome: 'approve', actor: actorFor(reviewerB, 'reviewer_b') }],
      }),
    ),
  ).toBe('TaskNotOpen');
  expect(await historyLength(handle)).toBe(after);
  expect(await updateEvents(handle)).toBe(2); // the one accepted Update: accepted + completed

  // The same rejections through HTTP carry a clear, bilingual error.
  const closed = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${task.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'approve' },
  });
  expect(closed.statusCode).toBe(409);
  expect(closed.json().error).toMatchObject({
    code: 'TaskNotOpen',
    message: { zh: expect.any(String), en: expect.stringContaining('completed') },
  });
  const second = await openTask(handle.workflowId, '复审');
  const unknown = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'maybe' },
  });
  expect(unknown.statusCode).toBe(422);
  expect(unknown.json().error.fields[0]).toMatchObject({ field: 'outcome' });
  const noRole = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.finance_1,
    payload: { outcome: 'approve' },
  });
  expect(noRole.statusCode).toBe(404);
  await handle.terminate('test done');
});

test('a repeated Idempotency-Key is applied once and answered the same', async () => {
  const handle = await startProbe();
  const task = await openTask(handle.workflowId, '初审');
  const send = (key: string, comment: string) =>
    h.http({
      method: 'POST',
      url: `/api/v1/tasks/${task.id}/complete`,
      token: tokens.reviewer_a,
      headers: { 'idempotency-key': key },
      payload: { outcome: 'approve', comment },
    });

  const first = await send('decision-1', 'ok');
  const again = await send('decision-1', 'ok');
  expect(first.statusCode).toBe(200);
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual(first.json());
  expect(again.headers['idempotent-replayed']).toBe('true');

  const reused = await send('decision-1', 'a different comment');
  expect(reused.statusCode).toBe(422);
  expect(reused.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');

  const events = (await handle.fetchHistory()).events ?? [];
  const accepted = events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  expect(accepted).toHaveLength(1);
  await handle.terminate('test done');
});

test('four-eyes: the second review needs another person, and nobody decides their own enterprise’s case', async () => {
  const handle = await startProbe('ent-own');
  const first = await openTask(handle.workflowId, '初审');
  const own = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${first.id}/complete`,
    token: tokens.insider,
    payload: { outcome: 'approve' },
  });
  expect(own.statusCode).toBe(403);
  expect(own.json().error.message.en).toMatch(/own enterprise/);

  expect(
    (
      await h.http({
        method: 'POST',
        url: `/api/v1/tasks/${first.id}/complete`,
        token: tokens.reviewer_a,
        payload: { outcome: 'approve' },
      })
    ).statusCode,
  ).toBe(200);
  const second = await openTask(handle.workflowId, '复审');
  const twice = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.reviewer_a,
    payload: { outcome: 'approve', fields: { pin: PIN } },
  });
  expect(twice.statusCode).toBe(403);
  expect(twice.json().error.message.en).toMatch(/already decided/);
  const byB = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'approve', fields: { pin: PIN } },
  });
  expect(byB.statusCode).toBe(200);
  expect(await handle.result()).toBe('approved');
});

test('a secret form field travels by reference: the activity reads it, the history never holds it', async () => {
  const handle = await startProbe();
  const first = await openTask(handle.workflowId, '初审');
  await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${first.id}/complete`,
    token: tokens.reviewer_a,
    payload: { outcome: 'approve' },
  });
  const second = await openTask(handle.workflowId, '复审');
  const missing = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'approve' },
  });
  expect(missing.statusCode).toBe(400);
  expect(missing.json().error.fields).toEqual([expect.objectContaining({ field: 'fields.pin', code: 'required' })]);
  const done = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'approve', fields: { pin: PIN, calledAt: '2026-11-25T09:30:00Z' } },
  });
  expect(done.statusCode).toBe(200);
  expect(JSON.stringify(done.json())).not.toContain(PIN);
  expect(await handle.result()).toBe('approved'); // the activity found the PIN behind the reference

  const { raw, opened } = await historyTexts(h, handle.workflowId, tokens.ops);
  expect(JSON.parse(raw).events.length).toBeGreaterThan(10);
  expect(raw).not.toContain(PIN);
  // Even with every payload opened by the codec, the PIN is not there: only its reference is.
  expect(opened.some((t) => t.includes('secretRef'))).toBe(true);
  expect(opened.join('\n')).not.toContain(PIN);

  const forbidden = await h.http({
    method: 'GET',
    url: `/api/v1/processes/${handle.workflowId}/history/raw`,
    token: tokens.reviewer_a,
  });
  expect(forbidden.statusCode).toBe(403);
});

test('typed form fields: a time that does not exist or lies ahead, or an amount that is not whole fen, is refused by the API and the validator', async () => {
  const handle = await startProbe();
  const first = await openTask(handle.workflowId, '初审');
  await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${first.id}/complete`,
    token: tokens.reviewer_a,
    payload: { outcome: 'approve' },
  });
  const second = await openTask(handle.workflowId, '复审');
  const ahead = new Date(Date.now() + 86_400_000).toISOString();
  const bad: [Record<string, unknown>, string, string][] = [
    [{ calledAt: '2026-02-30T10:00:00+08:00' }, 'fields.calledAt', 'invalid'],
    [{ calledAt: '2026-11-25' }, 'fields.calledAt', 'invalid'],
    [{ calledAt: '2026-11-25T25:00:00Z' }, 'fields.calledAt', 'invalid'],
    [{ calledAt: ahead }, 'fields.calledAt', 'future'],
    [{ receivedFen: 'abc' }, 'fields.receivedFen', 'invalid'],
    [{ receivedFen: 199.5 }, 'fields.receivedFen', 'invalid'],
    [{ receivedFen: -1 }, 'fields.receivedFen', 'invalid'],
  ];
  for (const [fields, field, code] of bad) {
    const res = await h.http({
      method: 'POST',
      url: `/api/v1/tasks/${second.id}/complete`,
      token: tokens.reviewer_b,
      payload: { outcome: 'approve', fields: { pin: PIN, ...fields } },
    });
    expect({ fields, status: res.statusCode }).toEqual({ fields, status: 400 });
    expect(res.json().error.fields).toEqual([
      { field, code, message: { zh: expect.any(String), en: expect.any(String) } },
    ]);
  }
  // The workflow's own validator holds the same rule against its own clock (not only the API's pre-check).
  const direct = handle.executeUpdate(completeTaskUpdate, {
    args: [
      {
        taskId: second.id,
        outcome: 'approve',
        fields: { calledAt: ahead, pin: 'ref' },
        actor: actorFor(reviewerB, 'reviewer_b'),
      },
    ],
  });
  expect(await rejectionOf(direct)).toBe('InvalidTaskInput');
  const task = await h.http({ method: 'GET', url: `/api/v1/tasks/${second.id}`, token: tokens.reviewer_b });
  expect(task.json().status).toBe('open');
  const ok = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${second.id}/complete`,
    token: tokens.reviewer_b,
    payload: { outcome: 'approve', fields: { pin: PIN, calledAt: '2026-11-25T09:30:00+08:00', receivedFen: '30000' } },
  });
  expect(ok.statusCode).toBe(200);
  expect(await handle.result()).toBe('approved');
});

test('comments: participants add them, others are refused; the inbox filters and pages', async () => {
  const handle = await startProbe();
  await openTask(handle.workflowId, '初审');
  const added = await h.http({
    method: 'POST',
    url: `/api/v1/processes/${handle.workflowId}/comments`,
    token: tokens.reviewer_a,
    payload: { text: '请补充营业执照' },
  });
  expect(added.statusCode).toBe(201);
  expect(added.json()).toMatchObject({ seq: 1, step: '初审', text: '请补充营业执照', actor: { userId: reviewerA } });
  const outsider = await h.http({
    method: 'POST',
    url: `/api/v1/processes/${handle.workflowId}/comments`,
    token: tokens.finance_1,
    payload: { text: 'hello' },
  });
  expect(outsider.statusCode).toBe(404);
  const empty = await h.http({
    method: 'POST',
    url: `/api/v1/processes/${handle.workflowId}/comments`,
    token: tokens.reviewer_a,
    payload: { text: '' },
  });
  expect(empty.statusCode).toBe(400);
  expect(empty.json().error.fields[0]).toMatchObject({
    field: 'text',
    message: { zh: expect.any(String), en: expect.any(String) },
  });

  const open = await handle.query(openTasksQuery);
  expect(open).toHaveLength(1);

  // Paging through the role's inbox, two at a time, visits every open task once, by due date.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/tasks?role=registration_reviewer&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const page = (await h.http({ method: 'GET', url, token: tokens.reviewer_a })).json() as {
      items: { id: string; dueAt: string }[];
      nextCursor: string | null;
    };
    seen.push(...page.items.map((t) => t.id));
    cursor = page.nextCursor;
  } while (cursor);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toContain(open[0].taskId);
  const notMine = await h.http({ method: 'GET', url: '/api/v1/tasks?role=finance', token: tokens.reviewer_a });
  expect(notMine.statusCode).toBe(403);
  const badRole = await h.http({ method: 'GET', url: '/api/v1/tasks?role=wizard', token: tokens.reviewer_a });
  expect(badRole.statusCode).toBe(400);
  expect(badRole.json().error.fields[0].field).toBe('role');
  const badCursor = await h.http({ method: 'GET', url: '/api/v1/tasks?cursor=zzz', token: tokens.reviewer_a });
  expect(badCursor.statusCode).toBe(400);
  const past = (
    await h.http({
      method: 'GET',
      url: `/api/v1/tasks?dueBefore=${new Date(Date.now() - DAY).toISOString()}&processId=${handle.workflowId}`,
      token: tokens.reviewer_a,
    })
  ).json();
  expect(past.items).toHaveLength(0);

  // Once the process has ended it can still be read, but a comment is refused as too late, not as unknown.
  const decided = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${open[0].taskId}/complete`,
    token: tokens.reviewer_a,
    payload: { outcome: 'reject', comment: '材料不全' },
  });
  expect(decided.statusCode).toBe(200);
  expect(await handle.result()).toBe('rejected');
  await eventually(
    async () =>
      (await h.db.selectFrom('processes').select('closed_at').where('id', '=', handle.workflowId).executeTakeFirst())
        ?.closed_at,
    'the closed process',
  );
  expect(
    (await h.http({ method: 'GET', url: `/api/v1/processes/${handle.workflowId}`, token: tokens.reviewer_a }))
      .statusCode,
  ).toBe(200);
  const late = await h.http({
    method: 'POST',
    url: `/api/v1/processes/${handle.workflowId}/comments`,
    token: tokens.reviewer_a,
    payload: { text: '补充说明' },
  });
  expect(late.statusCode).toBe(409);
  expect(late.json().error).toMatchObject({
    code: 'PROCESS_CLOSED',
    message: { zh: expect.any(String), en: expect.any(String) },
  });
});

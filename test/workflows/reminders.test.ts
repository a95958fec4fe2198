/**
 * Reminders and escalation with durable timers, without real waiting: the Java Temporal test server
 * skips time. A task untouched past its due time reminds the role; later it escalates to supervisors,
 * who may then decide it.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sha256 } from '../../platform/seal';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { timeSkippingEnvironment } from '../support/time-skipping';
import { createProbeActivities } from './fixtures/probe-activities';
import type { probeProcess } from './fixtures/probe';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  let client: Client;
  ({ env, client } = await timeSkippingEnvironment());
  h = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, 'fixtures')),
    connection: env.nativeConnection,
    client,
    extraActivities: (s) => createProbeActivities(s),
  });
  await h.staff('rev_c', ['registration_reviewer'], { mobile: '13800000001', email: 'rev_c@example.cn' });
  await h.staff('boss', ['supervisor'], { mobile: '13900000009' });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

test('an untouched task reminds its role at the due time, then escalates to supervisors who may decide it', async () => {
  const handle = await h.client.workflow.start<typeof probeProcess>('probeProcess', {
    taskQueue: h.config.temporal.taskQueue,
    workflowId: `probe:${randomUUID()}`,
    args: [
      {
        enterpriseId: 'ent-r',
        reviewRole: 'registration_reviewer',
        dueInMs: 2 * DAY,
        escalateAfterMs: 3 * DAY,
        pinHash: sha256('1'),
      },
    ],
  });
  const sent = async () =>
    (await h.db.selectFrom('notifications').select(['template', 'recipient', 'channel']).orderBy('id').execute()).map(
      (n) => `${n.template}→${n.recipient}`,
    );

  await env.sleep(DAY);
  expect(await sent()).toEqual([]);

  await env.sleep(DAY + 60_000);
  await eventually(async () => (await sent()).length === 2, 'the reminder');
  expect(await sent()).toEqual(['task.reminder→13800000001', 'task.reminder→rev_c@example.cn']);
  const reminded = await eventually(
    () =>
      h.db
        .selectFrom('tasks')
        .selectAll()
        .where('process_id', '=', handle.workflowId)
        .where('reminded_at', 'is not', null)
        .executeTakeFirst(),
    'the reminded projection',
  );
  expect(reminded.reminded_at).not.toBeNull();
  expect(reminded.escalated_at).toBeNull();

  await env.sleep(3 * DAY);
  await eventually(async () => (await sent()).length === 3, 'the escalation');
  expect(await sent()).toEqual([
    'task.reminder→13800000001',
    'task.reminder→rev_c@example.cn',
    'task.escalation→13900000009',
  ]);
  const escalated = await eventually(
    () =>
      h.db
        .selectFrom('tasks')
        .selectAll()
        .where('process_id', '=', handle.workflowId)
        .where('escalated_at', 'is not', null)
        .executeTakeFirst(),
    'the escalated projection',
  );
  expect(escalated.escalation_role).toBe('supervisor');
  expect(escalated.escalated_at).not.toBeNull();

  // The supervisor now sees the task in the supervisor inbox and may decide it.
  const boss = await h.login('boss');
  const inbox = (await h.http({ method: 'GET', url: '/api/v1/tasks?role=supervisor', token: boss })).json();
  expect(inbox.items.map((t: { id: string }) => t.id)).toEqual([escalated.id]);
  // Receiving the task, the supervisor reads everything it shows (the task, its process) and may comment.
  for (const url of [`/api/v1/tasks/${escalated.id}`, `/api/v1/processes/${handle.workflowId}`])
    expect((await h.http({ method: 'GET', url, token: boss })).statusCode).toBe(200);
  const comment = await h.http({
    method: 'POST',
    url: `/api/v1/processes/${handle.workflowId}/comments`,
    token: boss,
    payload: { text: '已接手处理' },
  });
  expect(comment.statusCode).toBe(201);
  const decided = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${escalated.id}/complete`,
    token: boss,
    payload: { outcome: 'reject', comment: '超时未处理，退回' },
  });
  expect(decided.statusCode).toBe(200);
  expect(await handle.result()).toBe('rejected');

  const timeline = (
    await h.http({ method: 'GET', url: `/api/v1/processes/${handle.workflowId}/history`, token: boss })
  ).json().items as { kind: string }[];
  const kinds = timeline.map((e) => e.kind);
  expect(kinds.indexOf('task_reminder')).toBeGreaterThan(kinds.indexOf('task_opened'));
  expect(kinds.indexOf('task_escalated')).toBeGreaterThan(kinds.indexOf('task_reminder'));
  expect(kinds).toContain('timer_fired');
});

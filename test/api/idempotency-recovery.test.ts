/**
 * A request that died mid-way (its API process killed) and is retried with its Idempotency-Key, on the real
 * Temporal service and PostgreSQL: the retry answers what the request did — the decision it made, not
 * `TaskNotOpen` — or does it now if it never reached the workflow; while the request still runs, a retry
 * hears 202 with Retry-After.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { WorkflowHandle } from '@temporalio/client';
import { completeTaskUpdate } from '../../contracts/tasks';
import { actorOf } from '../../api/repos/users';
import { sha256 } from '../../platform/seal';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { createProbeActivities } from '../workflows/fixtures/probe-activities';
import type { probeProcess } from '../workflows/fixtures/probe';

const EventType = temporal.api.enums.v1.EventType;
const DAY = 86_400_000;
let h: Harness;
let reviewerId: string;
let token: string;

beforeAll(async () => {
  h = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, '..', 'workflows', 'fixtures')),
    extraActivities: (s) => createProbeActivities(s),
  });
  reviewerId = await h.staff('rec_reviewer', ['registration_reviewer']);
  token = await h.login('rec_reviewer');
});

afterAll(async () => {
  await h?.close();
});

async function startProbe(): Promise<WorkflowHandle<typeof probeProcess>> {
  return h.client.workflow.start<typeof probeProcess>('probeProcess', {
    taskQueue: h.config.temporal.taskQueue,
    workflowId: `probe:${randomUUID()}`,
    args: [
      {
        enterpriseId: `ent-${randomUUID()}`,
        reviewRole: 'registration_reviewer',
        dueInMs: 30 * DAY,
        escalateAfterMs: 30 * DAY,
        pinHash: sha256('493817'),
      },
    ],
  });
}

async function openTaskId(processId: string): Promise<string> {
  return eventually(async () => {
    const res = await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token });
    return (res.json().items as { id: string; status: string }[]).find((t) => t.status !== 'completed')?.id;
  }, 'open task');
}

const body = { outcome: 'approve', comment: '同意' };

/** Records `key` as claimed by a request whose lease ends at `leaseUntil` and which never answered. */
async function claimedBy(taskId: string, key: string, leaseUntil: Date): Promise<void> {
  const route = `POST /api/v1/tasks/${taskId}/complete`;
  await h.db
    .insertInto('idempotency_keys')
    .values({
      user_id: reviewerId,
      key,
      route,
      request_hash: sha256(`${route}\n${JSON.stringify(body)}`),
      lease_until: leaseUntil,
    })
    .execute();
}

const decide = (taskId: string, key: string) =>
  h.http({
    method: 'POST',
    url: `/api/v1/tasks/${taskId}/complete`,
    token,
    headers: { 'idempotency-key': key },
    payload: body,
  });

test('a retry after the request died with its decision applied answers that decision', async () => {
  const handle = await startProbe();
  const taskId = await openTaskId(handle.workflowId);
  // The request that died: it claimed the key and sent its Update under the key's ID, then its process was killed.
  await claimedBy(taskId, 'died-after', new Date(Date.now() - 1000));
  const user = await h.db.selectFrom('users').selectAll().where('id', '=', reviewerId).executeTakeFirstOrThrow();
  const made = await handle.executeUpdate(completeTaskUpdate, {
    args: [{ taskId, outcome: 'approve', comment: '同意', fields: {}, actor: actorOf(user) }],
    updateId: sha256(`${reviewerId}\ndied-after`).slice(0, 32),
  });

  const retry = await decide(taskId, 'died-after');
  expect(retry.statusCode).toBe(200);
  expect(retry.json()).toEqual(JSON.parse(JSON.stringify(made)));
  expect((await decide(taskId, 'died-after')).json()).toEqual(retry.json());
  const events = (await handle.fetchHistory()).events ?? [];
  expect(events.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)).toHaveLength(1);
  await handle.terminate('test done');
});

test('a retry after the request died before reaching the workflow makes the decision', async () => {
  const handle = await startProbe();
  const taskId = await openTaskId(handle.workflowId);
  await claimedBy(taskId, 'died-before', new Date(Date.now() - 1000));
  const retry = await decide(taskId, 'died-before');
  expect(retry.statusCode).toBe(200);
  expect(retry.json()).toMatchObject({ outcome: 'approve', comment: '同意' });
  await handle.terminate('test done');
});

test('while the request still runs, a retry hears 202 with Retry-After', async () => {
  const handle = await startProbe();
  const taskId = await openTaskId(handle.workflowId);
  await claimedBy(taskId, 'running', new Date(Date.now() + 60_000));
  const meanwhile = await decide(taskId, 'running');
  expect(meanwhile.statusCode).toBe(202);
  expect(meanwhile.headers['retry-after']).toBeDefined();
  expect(meanwhile.json()).toMatchObject({ status: 'in_progress', message: { zh: expect.any(String) } });
  await handle.terminate('test done');
});

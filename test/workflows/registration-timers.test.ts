/**
 * The registration workflow's timers without real waiting (Java test server, time skipping): a review
 * untouched past its due time reminds the reviewers, later escalates to supervisors who may decide; a
 * returned application not resubmitted within the correction window closes.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { prepareRegistration, registerApplicant } from '../support/enterprise';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import { timeSkippingEnvironment } from '../support/time-skipping';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  let client: Client;
  ({ env, client } = await timeSkippingEnvironment());
  const timings = { TASK_REMIND_AFTER: '1d', TASK_ESCALATE_AFTER: '3d', REGISTRATION_CORRECTION_WINDOW: '10d' };
  h = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    connection: env.nativeConnection,
    client,
    env: timings,
  });
  await h.staff('adm_t', ['admin']);
  await h.staff('rev_t1', ['registration_reviewer'], { mobile: '13800000101' });
  await h.staff('rev_t2', ['registration_reviewer'], { mobile: '13800000102' });
  await h.staff('chief', ['supervisor'], { mobile: '13900000100', email: 'chief@example.cn' });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

const sentTo = async (template: string) =>
  (
    await h.db
      .selectFrom('notifications')
      .select('recipient')
      .where('template', '=', template)
      .orderBy('recipient')
      .execute()
  ).map((r) => r.recipient);

test('reminder at the due time, escalation later, the supervisor returns; the correction window closes the case', async () => {
  const admin = await h.login('adm_t');
  const a = await registerApplicant(h, admin);
  await prepareRegistration(h, a);
  const { processId } = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token, payload: {} })
  ).json();
  await eventually(
    () => h.db.selectFrom('tasks').select('id').where('process_id', '=', processId).executeTakeFirst(),
    'the first task',
  );

  await env.sleep(DAY / 2);
  expect(await sentTo('task.reminder')).toEqual([]);
  await env.sleep(DAY / 2 + 60_000);
  await eventually(async () => (await sentTo('task.reminder')).length === 2, 'reminders to both reviewers');
  expect(await sentTo('task.reminder')).toEqual(['13800000101', '13800000102']);
  expect(await sentTo('task.escalation')).toEqual([]);

  await env.sleep(2 * DAY);
  await eventually(async () => (await sentTo('task.escalation')).length === 2, 'escalation to the supervisor');
  expect(await sentTo('task.escalation')).toEqual(['13900000100', 'chief@example.cn']);

  const chief = await h.login('chief');
  const [task] = (await h.http({ method: 'GET', url: '/api/v1/tasks?role=supervisor', token: chief })).json().items;
  expect(task).toMatchObject({ processId, step: '企业审核人1审核', escalationRole: 'supervisor' }); // (overdue is judged by the wall clock, which time skipping does not move)
  const returned = await h.http({
    method: 'POST',
    url: `/api/v1/tasks/${task.id}/complete`,
    token: chief,
    payload: {
      outcome: 'return',
      comment: '超时升级处理：请补充其他材料。',
      fields: { markedFields: ['attachments.other'] },
    },
  });
  expect(returned.statusCode).toBe(200);
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json().status ===
      'returned',
    'returned',
  );

  // Nobody resubmits: after the correction window the case closes as withdrawn, and the applicant is told.
  await env.sleep(10 * DAY + 60_000);
  const closed = await eventually(async () => {
    const r = (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json();
    return r.status === 'withdrawn' ? r : undefined;
  }, 'closed after the correction window');
  expect(closed.reason).toContain('补正期限已过');
  expect(await h.client.workflow.getHandle(processId).result()).toBe('withdrawn');
  await eventually(async () => (await sentTo('registration.withdrawn')).includes(a.mobile), 'the closing notice');
});

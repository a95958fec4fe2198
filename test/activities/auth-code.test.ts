/**
 * The authorisation code on PostgreSQL: an attempt of `issueAuthCode` retried (after a crash, the same
 * activity of the same run) issues the same code and sends nothing again; a re-issue (another activity)
 * issues a new code; the code is kept only as a keyed hash.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { createActivities } from '../../activities';
import { activeApplicant } from '../support/enterprise';
import { startHarness, type Harness } from '../support/harness';
import { orderDriver } from '../support/orders';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({});
});

afterAll(async () => {
  await h?.close();
});

test('a retried issue sends the same code once; a re-issue sends a new one', async () => {
  await h.staff('code_admin', ['admin', 'operator']);
  const admin = await h.login('code_admin');
  const a = await activeApplicant(h, admin);
  const order = await orderDriver(h, { admin, caAdmin: admin }, 'none').placeOrder(a, 1);
  const { issueAuthCode } = createActivities({ ...h.services, config: h.config });
  const run = { workflowId: order.processId, runId: 'run-1' };
  const issuing = new MockActivityEnvironment({ activityId: '12', workflowExecution: run });
  const stored = () => h.db.selectFrom('ca_orders').selectAll().where('id', '=', order.id).executeTakeFirstOrThrow();
  const sent = () =>
    h.db
      .selectFrom('notifications')
      .select(['channel', 'message_key'])
      .where('message_key', 'like', `authcode:${order.id}:%`)
      .execute();

  await issuing.run(issueAuthCode, { orderId: order.id, reissue: false });
  const first = await stored();
  await issuing.run(issueAuthCode, { orderId: order.id, reissue: false });
  expect((await stored()).auth_code_hash).toBe(first.auth_code_hash);
  expect((await stored()).pin_ref).toBe(first.pin_ref);
  expect((await sent()).map((n) => n.channel).sort()).toEqual(['email', 'sms']);

  const sms = await h.services.notifier.outbox(null, 10);
  const code = /制证授权码：([A-Z0-9]{6})/.exec(sms.find((m) => m.channel === 'sms')!.body)![1];
  expect(JSON.stringify(await stored())).not.toContain(code);

  await new MockActivityEnvironment({ activityId: '31', workflowExecution: run }).run(issueAuthCode, {
    orderId: order.id,
    reissue: true,
  });
  expect((await stored()).auth_code_hash).not.toBe(first.auth_code_hash);
  expect(await sent()).toHaveLength(4);
});

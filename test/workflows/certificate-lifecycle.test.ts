/**
 * A certificate's lifetime without real waiting (Java test server, time skipping): reminders at 30, 7 and
 * 1 days before not-after, in that order and at those times, then the certificate and its binding
 * marked expired.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { LIFECYCLE_WORKFLOW, lifecycleWorkflowId, type LifecycleWorkflow } from '../../contracts/certificate-lifecycle';
import { newCreditCode } from '../support/enterprise';
import { bundle, startHarness, type Harness } from '../support/harness';
import { timeSkippingEnvironment } from '../support/time-skipping';
import { recordHistory } from '../support/replay';

const DAY = 86_400_000;
let env: TestWorkflowEnvironment;
let h: Harness;

beforeAll(async () => {
  let client: Client;
  ({ env, client } = await timeSkippingEnvironment());
  h = await startHarness({
    workflowBundle: await bundle(path.join(__dirname, '..', '..', 'workflows')),
    connection: env.nativeConnection,
    client,
  });
});

afterAll(async () => {
  await h?.close();
  await env?.teardown();
});

/** An enterprise with an installed certificate (expiring at `notAfter`) bound to its account. */
async function boundCertificate(notAfter: Date) {
  const enterpriseId = randomUUID();
  const orderId = randomUUID();
  const serialHex = randomUUID().replace(/-/g, '');
  const creditCode = newCreditCode();
  const contact = { name: '戴进波', mobile: '13900000031', email: 'contact@example.cn' };
  await h.db
    .insertInto('enterprises')
    .values({
      id: enterpriseId,
      entity_name: `企业${serialHex.slice(0, 6)}`,
      name_key: serialHex,
      status: 'active',
      credit_code: creditCode,
      approved_profile: JSON.stringify({ profile: { contact } }),
    })
    .execute();
  await h.db
    .insertInto('ca_orders')
    .values({
      id: orderId,
      order_no: `2026${serialHex.slice(0, 13)}`,
      enterprise_id: enterpriseId,
      service_id: 'org-primary',
      service: JSON.stringify({ name: '机构证书（主锁）' }),
      quantity: 1,
      unit_price_fen: 60000,
      total_fen: 60000,
      status: 'completed',
      registration: JSON.stringify({ handler: { name: '陈沁', mobile: '13900000032', email: 'handler@example.cn' } }),
      invoice: '{}',
      shipping: '{}',
      agreement: '{}',
      process_id: `order-${orderId}`,
      workflow_input: '{}',
      created_by: 'test',
    })
    .execute();
  await h.db
    .insertInto('certificates')
    .values({
      serial_hex: serialHex,
      order_id: orderId,
      item_id: randomUUID(),
      enterprise_id: enterpriseId,
      token_serial: 'TOKEN-1',
      subject_dn: `C=CN, O=企业, organizationIdentifier=${creditCode}`,
      issuer_dn: 'CN=root',
      not_before: new Date(notAfter.getTime() - 365 * DAY),
      not_after: notAfter,
      fingerprint_sha256: 'x',
      pem: '-',
      status: 'installed',
    })
    .execute();
  await h.db
    .insertInto('ca_bindings')
    .values({
      id: randomUUID(),
      enterprise_id: enterpriseId,
      token_serial: 'TOKEN-1',
      certificate_serial: serialHex,
      subject_dn: 'C=CN',
      not_after: notAfter,
      change: 'add',
      review_status: 'approved',
      active: true,
      created_by: 'test',
    })
    .execute();
  return { enterpriseId, orderId, serialHex };
}

test('reminders fire at 30, 7 and 1 days before expiry, in order; at not-after the certificate and its binding expire', async () => {
  const notAfter = new Date((await env.currentTimeMs()) + 31 * DAY);
  const c = await boundCertificate(notAfter);
  const handle = await h.client.workflow.start<LifecycleWorkflow>(LIFECYCLE_WORKFLOW, {
    taskQueue: h.config.temporal.taskQueue,
    workflowId: lifecycleWorkflowId(c.serialHex),
    args: [
      {
        serialHex: c.serialHex,
        enterpriseId: c.enterpriseId,
        orderId: c.orderId,
        notAfter: notAfter.toISOString(),
        reminderDays: [1, 30, 7],
      },
    ],
  });
  await env.sleep(32 * DAY);
  expect(await handle.result()).toBe('expired');

  // The reminders were scheduled at the thresholds, in order (history times are the skipped clock).
  const events = (await handle.fetchHistory()).events ?? [];
  const reminders = events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'remindExpiry');
  const daysBefore = reminders.map((e) => Math.round((notAfter.getTime() - Number(e.eventTime!.seconds) * 1000) / DAY));
  expect(daysBefore).toEqual([30, 7, 1]);
  const sent = await h.db
    .selectFrom('notifications')
    .select(['recipient', 'subject', 'channel'])
    .where('template', '=', 'certificate.expiring')
    .orderBy('id')
    .execute();
  expect(sent.filter((n) => n.channel === 'sms').map((n) => n.recipient)).toEqual([
    '13900000032',
    '13900000031',
    '13900000032',
    '13900000031',
    '13900000032',
    '13900000031',
  ]);
  expect(
    sent.filter((n) => n.channel === 'email' && n.recipient === 'handler@example.cn').map((n) => n.subject),
  ).toEqual([expect.stringContaining('30'), expect.stringContaining(' 7 '), expect.stringContaining(' 1 ')]);

  const cert = await h.db
    .selectFrom('certificates')
    .select(['status', 'lifecycle'])
    .where('serial_hex', '=', c.serialHex)
    .executeTakeFirstOrThrow();
  expect(cert).toEqual({ status: 'expired', lifecycle: 'expired' });
  const binding = await h.db
    .selectFrom('ca_bindings')
    .select(['active', 'ended_at'])
    .where('certificate_serial', '=', c.serialHex)
    .executeTakeFirstOrThrow();
  expect(binding.active).toBe(false);
  expect(binding.ended_at).not.toBeNull();
  await recordHistory(h.client, handle.workflowId, 'certificate-lifecycle/expired');
});

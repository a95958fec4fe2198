/**
 * 企业信息 → 基础信息 → 变更 end to end through the HTTP API, on the real Temporal service and PostgreSQL:
 * an approved enterprise submits a changed copy of its approved profile (a new licence scan required for
 * a name change), a registration reviewer returns it with marked fields, only those may change on the
 * resubmission, approval updates the enterprise record (name, credit code, search text) and the
 * certificate list says which subjects are now wrong; rejection, withdrawal, and the refusals (invalid
 * fields, a request already open, another enterprise's request and credit code).
 */
import path from 'node:path';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { WorkflowBundle } from '@temporalio/worker';
import { withdrawChangeUpdate } from '../../contracts/enterprise-change';
import type { RegistrationProfile } from '../../domain/registration';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import {
  activeApplicant,
  multipart,
  newCreditCode,
  outbox,
  registerApplicant,
  SCANS,
  uniq,
  type Applicant,
} from '../support/enterprise';
import { orderDriver } from '../support/orders';
import { recordHistory } from '../support/replay';

type Active = Applicant & { profile: RegistrationProfile; creditCode: string };
type Task = { id: string; kind: string; processId: string };

let workflowBundle: WorkflowBundle;
let h: Harness;
const staff: Record<string, string> = {};

beforeAll(async () => {
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
  h = await startHarness({ workflowBundle });
  await h.staff('chg_admin', ['admin', 'operator']);
  await h.staff('chg_ca', ['ca_admin']);
  await h.staff('chg_rev', ['registration_reviewer']);
  for (const u of ['chg_admin', 'chg_ca', 'chg_rev']) staff[u] = await h.login(u);
});

afterAll(async () => {
  await h?.close();
});

const submit = (a: Applicant, profile: RegistrationProfile) =>
  h.http({ method: 'POST', url: '/api/v1/enterprise/change/submit', token: a.token, payload: profile });
const view = async (a: Applicant) =>
  (await h.http({ method: 'GET', url: '/api/v1/enterprise/change', token: a.token })).json();
const upload = (a: Applicant, kind: string) =>
  h.http({
    method: 'POST',
    url: '/api/v1/enterprise/change/attachments',
    token: a.token,
    ...multipart({ kind }, { filename: `${kind}.pdf`, type: 'application/pdf', data: SCANS.pdf }),
  });
const decide = (taskId: string, body: Record<string, unknown>) =>
  h.http({ method: 'POST', url: `/api/v1/tasks/${taskId}/complete`, token: staff.chg_rev, payload: body });
const reviewTask = (processId: string): Promise<Task> =>
  eventually(
    async () =>
      (await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token: staff.chg_rev }))
        .json()
        .items.find((t: Task) => t.kind === 'enterprise_change.review'),
    'the change review task',
  );
const statusOf = (a: Applicant, status: string) =>
  eventually(async () => {
    const v = await view(a);
    return v.request?.status === status ? v : undefined;
  }, `change ${status}`);
const changeRows = (a: Applicant) =>
  h.db.selectFrom('enterprise_changes').selectAll().where('enterprise_id', '=', a.enterpriseId).execute();

/** A copy of the approved profile with `edit` applied to its sections. */
function edited(a: Active, edit: (p: RegistrationProfile) => void): RegistrationProfile {
  const copy = structuredClone(a.profile);
  edit(copy);
  return copy;
}

describe('a name change: returned with marks, resubmitted, approved', () => {
  let a: Active;
  let processId: string;
  let certificateSerial: string;
  let firstTaskId: string;
  const newName = () => `${a.entityName.replace('有限公司', '')}集团有限公司`;

  test('a name change without a new licence scan is refused naming the field, and nothing is recorded', async () => {
    a = await activeApplicant(h, staff.chg_admin);
    const res = await submit(
      a,
      edited(a, (p) => (p.enterprise!.name = newName())),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([
      expect.objectContaining({
        field: 'attachments.business_license',
        code: 'licence_required',
        message: { zh: expect.stringContaining('营业执照'), en: expect.stringContaining('business licence') },
      }),
    ]);
    expect(await changeRows(a)).toEqual([]);
  });

  test('the registration validators apply, and a copy with nothing changed is refused', async () => {
    const badEmail = await submit(
      a,
      edited(a, (p) => (p.contact!.email = 'not-an-email')),
    );
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.fields[0].field).toBe('contact.email');
    const code = a.creditCode;
    const wrongCheck = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    const bad = await submit(
      a,
      edited(a, (p) => {
        p.enterprise!.creditCode = wrongCheck;
        p.enterprise!.businessTerm = '2001-01-01';
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields).toEqual([
      expect.objectContaining({ field: 'enterprise.creditCode', code: 'credit_code_check' }),
      expect.objectContaining({ field: 'enterprise.businessTerm', code: 'before_established' }),
    ]);
    const same = await submit(a, a.profile);
    expect(same.statusCode).toBe(400);
    expect(same.json().error.fields[0]).toMatchObject({ field: 'profile', code: 'no_change' });
    expect(await changeRows(a)).toEqual([]);
  });

  test('with the licence, the change is submitted; a second request is refused while it is open', async () => {
    // A certificate issued under the old name (its order placed through the API).
    const order = await orderDriver(h, { admin: staff.chg_admin, caAdmin: staff.chg_ca }, 'none').placeOrder(a, 1);
    certificateSerial = `ab${uniq()}`;
    await h.db
      .insertInto('certificates')
      .values({
        serial_hex: certificateSerial,
        order_id: order.id,
        item_id: `${order.id}-1`,
        enterprise_id: a.enterpriseId,
        token_serial: `T${uniq()}`,
        subject_dn: `C=CN, O=${a.entityName}, CN=${a.entityName}, organizationIdentifier=${a.creditCode}`,
        issuer_dn: 'C=CN, O=Test CA',
        not_before: new Date(),
        not_after: new Date(Date.now() + 365 * 86_400_000),
        fingerprint_sha256: uniq(),
        pem: '-',
        status: 'installed',
      })
      .execute();
    const before = (await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: a.token })).json().items[0];
    expect(before).toMatchObject({ serial: certificateSerial, subjectOutdated: false, reissue: null });

    expect((await upload(a, 'business_license')).statusCode).toBe(201);
    const res = await submit(
      a,
      edited(a, (p) => {
        p.enterprise!.name = newName();
        p.enterprise!.address = '金华市婺城区八一北街1号';
      }),
    );
    expect(res.statusCode).toBe(202);
    processId = res.json().processId;
    expect(res.json()).toMatchObject({ status: 'in_review', round: 1 });

    const again = await submit(
      a,
      edited(a, (p) => (p.contact!.name = '王五')),
    );
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CHANGE_IN_REVIEW');
    expect((await upload(a, 'other')).statusCode).toBe(409);
  });

  test('the reviewer sees the request beside the approved record; another enterprise cannot', async () => {
    await reviewTask(processId);
    const res = await h.http({ method: 'GET', url: `/api/v1/enterprise-changes/${processId}`, token: staff.chg_rev });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.changedFields.sort()).toEqual(['enterprise.address', 'enterprise.name']);
    expect(body.previous.profile.enterprise.name).toBe(a.entityName);
    expect(body.submitted.profile.enterprise.name).toBe(newName());
    expect(body.submitted.attachments.map((f: { kind: string }) => f.kind)).toEqual(['business_license']);

    const other = await activeApplicant(h, staff.chg_admin);
    const peek = await h.http({ method: 'GET', url: `/api/v1/enterprise-changes/${processId}`, token: other.token });
    expect(peek.statusCode).toBe(403);
    // The workflow itself refuses anyone but the applying enterprise.
    const user = await h.db
      .selectFrom('users')
      .select(['id', 'login_name'])
      .where('enterprise_id', '=', other.enterpriseId)
      .executeTakeFirstOrThrow();
    const foreign = h.client.workflow.getHandle(processId).executeUpdate(withdrawChangeUpdate, {
      args: [
        {
          actor: {
            userId: user.id,
            loginName: user.login_name,
            displayName: user.login_name,
            roles: ['applicant'],
            enterpriseId: other.enterpriseId,
            department: null,
          },
        },
      ],
    });
    await expect(foreign).rejects.toThrow(WorkflowUpdateFailedError);
    // Their own withdraw finds nothing of theirs to withdraw.
    const withdraw = await h.http({ method: 'POST', url: '/api/v1/enterprise/change/withdraw', token: other.token });
    expect(withdraw.statusCode).toBe(409);
    expect((await view(a)).request.status).toBe('in_review');
  });

  test('returned with the address marked: only the address may change on the resubmission', async () => {
    const task = await reviewTask(processId);
    firstTaskId = task.id;
    const returned = await decide(task.id, {
      outcome: 'return',
      comment: '地址与营业执照不一致，请核对。',
      fields: { markedFields: ['enterprise.address'] },
    });
    expect(returned.statusCode).toBe(200);
    const v = await statusOf(a, 'returned');
    expect(v.request).toMatchObject({
      editableFields: ['enterprise.address'],
      reason: '地址与营业执照不一致，请核对。',
      comments: [expect.objectContaining({ comment: '地址与营业执照不一致，请核对。', department: '交易中心' })],
    });

    const frozen = await submit(
      a,
      edited(a, (p) => {
        p.enterprise!.name = newName();
        p.enterprise!.address = '金华市婺城区八一北街2号';
        p.contact!.name = '王五';
      }),
    );
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error).toMatchObject({
      code: 'PROFILE_FIELDS_FROZEN',
      fields: [expect.objectContaining({ field: 'contact.name', code: 'frozen' })],
    });
    const frozenFile = await upload(a, 'business_license');
    expect(frozenFile.statusCode).toBe(409);
    expect(frozenFile.json().error.fields[0].field).toBe('kind');

    const resubmitted = await submit(
      a,
      edited(a, (p) => {
        p.enterprise!.name = newName();
        p.enterprise!.address = '金华市婺城区八一北街2号';
      }),
    );
    expect(resubmitted.statusCode).toBe(202);
    expect(resubmitted.json()).toMatchObject({ processId, status: 'in_review', round: 2 });
  });

  test('approval updates the enterprise record; the certificate list says the subject is now wrong', async () => {
    const task = await eventually(async () => {
      const t = await reviewTask(processId);
      return t.id !== firstTaskId ? t : undefined;
    }, 'the round 2 task');
    expect((await decide(task.id, { outcome: 'approve', comment: '同意变更。' })).statusCode).toBe(200);
    await statusOf(a, 'approved');

    const enterprise = await h.db
      .selectFrom('enterprises')
      .select(['entity_name', 'credit_code', 'search_text', 'approved_profile', 'approved_by_process'])
      .where('id', '=', a.enterpriseId)
      .executeTakeFirstOrThrow();
    expect(enterprise.entity_name).toBe(newName());
    expect(enterprise.search_text).toContain(newName());
    expect(enterprise.approved_by_process).toBe(processId);
    const approved = enterprise.approved_profile as { profile: RegistrationProfile; attachments: { kind: string }[] };
    expect(approved.profile.enterprise!.address).toBe('金华市婺城区八一北街2号');
    expect(approved.attachments.map((f) => f.kind)).toEqual(['business_license']);
    // The order form is pre-filled from the new record.
    const prefill = await h.http({ method: 'GET', url: '/api/v1/ca/orders/prefill', token: a.token });
    expect(JSON.stringify(prefill.json())).toContain(newName());

    const certificate = (await h.http({ method: 'GET', url: '/api/v1/ca/certificates', token: a.token }))
      .json()
      .items.find((c: { serial: string }) => c.serial === certificateSerial);
    expect(certificate).toMatchObject({ subjectOutdated: true, reissue: { serviceId: 'org-primary', quantity: 1 } });
    // The applicant is told (the dev outbox holds what was sent).
    const mail = await eventually(
      async () => (await outbox(h, staff.chg_admin, a.email)).find((m) => m.subject?.includes('企业信息变更审核通过')),
      'the approval email',
    );
    expect(mail.body).toContain('我的证书');
    // The evidence files went with the request: the next one starts with none.
    expect((await view(a)).evidence).toEqual([]);
    await h.client.workflow.getHandle(processId).result();
    await recordHistory(h.client, processId, 'enterprise-change/returned-then-approved');
  });
});

describe('rejection, withdrawal and the other refusals', () => {
  test('a rejected change leaves the record as it was', async () => {
    const a = await activeApplicant(h, staff.chg_admin);
    const res = await submit(
      a,
      edited(a, (p) => (p.contact!.mobile = '13800001111')),
    );
    expect(res.statusCode).toBe(202);
    const { processId } = res.json();
    const task = await reviewTask(processId);
    expect((await decide(task.id, { outcome: 'reject' })).statusCode).toBe(400); // a reason is required
    expect((await decide(task.id, { outcome: 'reject', comment: '不符合变更条件。' })).statusCode).toBe(200);
    const v = await statusOf(a, 'rejected');
    expect(v.request.reason).toBe('不符合变更条件。');
    const row = await h.db
      .selectFrom('enterprises')
      .select('approved_profile')
      .where('id', '=', a.enterpriseId)
      .executeTakeFirstOrThrow();
    expect((row.approved_profile as { profile: RegistrationProfile }).profile.contact!.mobile).toBe(
      a.profile.contact!.mobile,
    );
    await h.client.workflow.getHandle(processId).result();
    await recordHistory(h.client, processId, 'enterprise-change/rejected');
  });

  test('the applicant withdraws before the decision; the task closes; a new request may follow', async () => {
    const a = await activeApplicant(h, staff.chg_admin);
    const res = await submit(
      a,
      edited(a, (p) => (p.enterprise!.registeredCapital = '5000')),
    );
    const { processId } = res.json();
    const task = await reviewTask(processId);
    const withdrawn = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/change/withdraw',
      token: a.token,
      payload: { reason: '填写有误' },
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ processId, status: 'withdrawn' });
    await statusOf(a, 'withdrawn');
    expect((await decide(task.id, { outcome: 'approve' })).statusCode).toBe(409);
    const twice = await h.http({ method: 'POST', url: '/api/v1/enterprise/change/withdraw', token: a.token });
    expect(twice.statusCode).toBe(409);
    await h.client.workflow.getHandle(processId).result();
    await recordHistory(h.client, processId, 'enterprise-change/withdrawn');
    const next = await submit(
      a,
      edited(a, (p) => (p.enterprise!.registeredCapital = '6000')),
    );
    expect(next.statusCode).toBe(202);
    expect(next.json().processId).not.toBe(processId);
  });

  test('an approved change of the contact: the messages go to the new contact', async () => {
    const a = await activeApplicant(h, staff.chg_admin);
    const email = `new-contact-${uniq()}@example.cn`;
    const res = await submit(
      a,
      edited(a, (p) => (p.contact!.email = email)),
    );
    expect(res.statusCode).toBe(202);
    const { processId } = res.json();
    const task = await reviewTask(processId);
    expect((await decide(task.id, { outcome: 'approve' })).statusCode).toBe(200);
    await h.client.workflow.getHandle(processId).result();
    const sent = await outbox(h, staff.chg_admin, email);
    expect(sent.map((m) => m.subject)).toEqual([expect.stringContaining('企业信息变更审核通过')]);
  });

  test("another active enterprise's credit code is refused; an enterprise not yet approved may not ask", async () => {
    const a = await activeApplicant(h, staff.chg_admin);
    const b = await activeApplicant(h, staff.chg_admin);
    expect((await upload(a, 'business_license')).statusCode).toBe(201);
    const taken = await submit(
      a,
      edited(a, (p) => (p.enterprise!.creditCode = b.creditCode)),
    );
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields[0]).toMatchObject({ field: 'enterprise.creditCode', code: 'in_use' });
    const fresh = edited(a, (p) => (p.enterprise!.creditCode = newCreditCode()));
    expect((await submit(a, fresh)).statusCode).toBe(202);

    const pending = await registerApplicant(h, staff.chg_admin);
    const notYet = await h.http({ method: 'GET', url: '/api/v1/enterprise/change', token: pending.token });
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().error.code).toBe('ENTERPRISE_NOT_ACTIVE');
    const staffView = await h.http({ method: 'GET', url: '/api/v1/enterprise/change', token: staff.chg_rev });
    expect(staffView.statusCode).toBe(403);
  });
});

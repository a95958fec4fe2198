/**
 * Process 1 end to end through the HTTP API, on the real Temporal service and PostgreSQL: account,
 * activation, captcha login, draft, attachments, submission, return and resubmission, two different
 * reviewers, the phone review, activation of the enterprise; and the reject, withdraw and
 * idempotent-submit paths.
 */
import path from 'node:path';
import type { WorkflowBundle } from '@temporalio/worker';
import { bundle, eventually, startHarness, type Harness } from '../support/harness';
import {
  multipart,
  outbox,
  prepareRegistration,
  registerApplicant,
  SCANS,
  type Applicant,
} from '../support/enterprise';
import { recordHistory } from '../support/replay';
import { recordResubmission, type Submission } from '../../api/repos/registration';

let workflowBundle: WorkflowBundle;
let h: Harness;
const staff: Record<string, string> = {};

beforeAll(async () => {
  workflowBundle = await bundle(path.join(__dirname, '..', '..', 'workflows'));
  h = await startHarness({ workflowBundle });
  await h.staff('admin_e2e', ['admin', 'operator']);
  for (const r of ['rev_one', 'rev_two', 'rev_three']) await h.staff(r, ['registration_reviewer']);
  for (const u of ['admin_e2e', 'rev_one', 'rev_two', 'rev_three']) staff[u] = await h.login(u);
});

afterAll(async () => {
  await h?.close();
});

type Task = { id: string; kind: string; step: string; title: string; assigneeId: string | null; processId: string };

/** The open task of a process at a step, once it shows in the reviewer's inbox. */
async function taskAt(processId: string, step: string, token = staff.rev_one): Promise<Task> {
  return eventually(async () => {
    const res = await h.http({
      method: 'GET',
      url: `/api/v1/tasks?role=registration_reviewer&processId=${processId}`,
      token,
    });
    return (res.json().items as Task[]).find((t) => t.step === step);
  }, `task at ${step}`);
}

const decide = (token: string, taskId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  h.http({ method: 'POST', url: `/api/v1/tasks/${taskId}/complete`, token, payload: body, headers });

const registration = async (a: Applicant) =>
  (await h.http({ method: 'GET', url: '/api/v1/enterprise/registration', token: a.token })).json();

const phoneRecord = {
  callerName: '戴进波',
  callerNumber: '13967979861',
  calledAt: '2026-11-25T02:15:00Z',
  notes: '核实为企业本人申请',
};

describe('registration returned and resubmitted, two different reviewers, phone review, enterprise active', () => {
  let a: Applicant;
  let profile: Awaited<ReturnType<typeof prepareRegistration>>;
  let processId: string;
  let first: Task;

  test('submitted: the review starts at round 1 and the profile is frozen', async () => {
    a = await registerApplicant(h, staff.admin_e2e);
    profile = await prepareRegistration(h, a);

    const submitted = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: a.token,
      payload: {},
    });
    expect(submitted.statusCode).toBe(202);
    ({ processId } = submitted.json());
    expect(submitted.json()).toMatchObject({ status: 'in_review', round: 1 });

    // Frozen while under review.
    const frozen = await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: profile });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().error.code).toBe('PROFILE_FROZEN');
  });

  test('reviewer 1 returns the application, marking the address with its reason; the applicant is told', async () => {
    first = await taskAt(processId, '企业审核人1审核');
    // A reason for a field that is not marked is refused on that reason, and nothing is decided.
    const unmarked = await decide(staff.rev_one, first.id, {
      outcome: 'return',
      comment: '注册地址与营业执照不一致，请核对。',
      fields: {
        markedFields: ['enterprise.address'],
        fieldReasons: { 'enterprise.address': '与营业执照住所不一致', 'contact.email': '邮箱无法送达' },
      },
    });
    expect(unmarked.statusCode).toBe(400);
    expect(unmarked.json().error.fields).toEqual([
      expect.objectContaining({ field: 'fields.fieldReasons.contact.email', code: 'not_chosen' }),
    ]);
    expect(unmarked.json().error.fields[0].message.zh).toContain('需补正的字段或附件');
    // Reviewer 1 returns the application, marking the address with a reason of its own.
    const returned = await decide(staff.rev_one, first.id, {
      outcome: 'return',
      comment: '注册地址与营业执照不一致，请核对。',
      fields: { markedFields: ['enterprise.address'], fieldReasons: { 'enterprise.address': '与营业执照住所不一致' } },
    });
    expect(returned.statusCode).toBe(200);
    const afterReturn = await eventually(async () => {
      const r = await registration(a);
      return r.status === 'returned' ? r : undefined;
    }, 'status returned');
    expect(afterReturn.editableFields).toEqual(['enterprise.address']);
    expect(afterReturn.fieldReasons).toEqual({ 'enterprise.address': '与营业执照住所不一致' });
    expect(afterReturn.comments).toEqual([
      {
        seq: 1,
        step: '企业审核人1审核',
        department: '交易中心',
        comment: '注册地址与营业执照不一致，请核对。',
        at: expect.any(String),
      },
    ]);
    const notice = await eventually(
      async () => (await outbox(h, staff.admin_e2e, a.mobile)).find((m) => m.body.includes('退回')),
      'the return SMS',
    );
    expect(notice.body).toContain('注册地址与营业执照不一致');
  });

  test('correction: only the marked field may change, then the application is resubmitted for round 2', async () => {
    // Only the marked field may change.
    const sneaky = await h.http({
      method: 'PUT',
      url: '/api/v1/enterprise/profile',
      token: a.token,
      payload: { ...profile, enterprise: { ...profile.enterprise, businessScope: '改了经营范围' } },
    });
    expect(sneaky.statusCode).toBe(409);
    expect(sneaky.json().error.fields).toEqual([
      expect.objectContaining({ field: 'enterprise.businessScope', code: 'frozen' }),
    ]);
    const fixed = await h.http({
      method: 'PUT',
      url: '/api/v1/enterprise/profile',
      token: a.token,
      payload: {
        ...profile,
        enterprise: { ...profile.enterprise, address: '金华市金东区二环北路1299号（营业执照地址）' },
      },
    });
    expect(fixed.statusCode).toBe(200);

    const resubmitted = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: a.token,
      payload: {},
    });
    expect(resubmitted.statusCode).toBe(202);
    expect(resubmitted.json()).toMatchObject({ processId, status: 'in_review', round: 2 });
  });

  test('round 2: reviewer 1 approves; the same person is refused at step 2; reviewer 2 approves', async () => {
    // Round 2: reviewer 1 approves; the same person is refused at step 2; reviewer 2 approves.
    const first2 = await taskAt(processId, '企业审核人1审核');
    expect(first2.id).not.toBe(first.id);
    expect(first2.title).toContain('第2轮');
    expect(
      (await decide(staff.rev_one, first2.id, { outcome: 'approve', comment: '资料齐全，符合要求，同意。' }))
        .statusCode,
    ).toBe(200);
    const second = await taskAt(processId, '企业审核人2审核');
    const same = await decide(staff.rev_one, second.id, { outcome: 'approve' });
    expect(same.statusCode).toBe(403);
    expect(same.json().error.message.zh).toContain('不同人员');
    expect((await decide(staff.rev_two, second.id, { outcome: 'approve', comment: '同意。' })).statusCode).toBe(200);
  });

  test('the reviewers see what was submitted, including the files', async () => {
    // The reviewers see what was submitted, including the files.
    const view = (
      await h.http({ method: 'GET', url: `/api/v1/registrations/${processId}`, token: staff.rev_three })
    ).json();
    expect(view.submitted.profile.enterprise.address).toContain('营业执照地址');
    // Round 2's snapshot keeps round 1's beside it: the reviewer's diff.
    expect(view.submitted.round).toBe(2);
    expect(view.previous.round).toBe(1);
    expect(view.previous.profile.enterprise.address).toBe(profile.enterprise?.address);
    expect(view.previous.profile.enterprise.businessScope).toBe(view.submitted.profile.enterprise.businessScope);
    expect(view.submitted.attachments.map((f: { kind: string }) => f.kind).sort()).toEqual([
      'business_license',
      'legal_rep_id_back',
      'legal_rep_id_front',
    ]);
    const file = await h.http({ method: 'GET', url: view.submitted.attachments[0].url, token: staff.rev_three });
    expect(file.statusCode).toBe(200);
  });

  test('phone review: the call record is required, then given', async () => {
    // Phone review: the call record is required, then the enterprise becomes active.
    const phone = await taskAt(processId, '电话审核');
    const phoneForm = (await h.http({ method: 'GET', url: `/api/v1/tasks/${phone.id}`, token: staff.rev_three })).json()
      .form as { name: string }[];
    expect(phoneForm.find((f) => f.name === 'calledAt')).toMatchObject({ type: 'datetime', past: true });
    const noRecord = await decide(staff.rev_three, phone.id, { outcome: 'approve' });
    expect(noRecord.statusCode).toBe(400);
    expect(
      noRecord
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['fields.calledAt', 'fields.callerName', 'fields.callerNumber']);
    expect(
      (
        await decide(staff.rev_three, phone.id, {
          outcome: 'approve',
          comment: '已电话核实，信息属实。',
          fields: phoneRecord,
        })
      ).statusCode,
    ).toBe(200);
  });

  test('approved: the enterprise is active, its timeline names no reviewer, the applicant gets an SMS', async () => {
    const done = await eventually(async () => {
      const r = await registration(a);
      return r.status === 'approved' ? r : undefined;
    }, 'approved');
    expect(done.comments.map((c: { step: string }) => c.step)).toEqual([
      '企业审核人1审核',
      '企业审核人1审核',
      '企业审核人2审核',
      '电话审核',
    ]);
    const kinds = done.timeline.map((e: { kind: string }) => e.kind);
    expect(kinds.filter((k: string) => k === 'task_decided')).toHaveLength(4); // return, approve, approve, phone
    expect(JSON.stringify(done.timeline)).not.toContain('userId');
    // The applicant's timeline is business events in Chinese and English, the department in place of the reviewer.
    const labels = done.timeline.map((e: { label: { zh: string; en: string } }) => e.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        { zh: '提交申请', en: 'Application submitted' },
        { zh: '退回修改', en: 'Returned for correction' },
        { zh: '补正后重新提交', en: 'Resubmitted after correction' },
        { zh: '初审通过', en: 'First review approved' },
        { zh: '复审通过', en: 'Second review approved' },
        { zh: '电话审核通过', en: 'Phone review passed' },
      ]),
    );
    expect(done.timeline.find((e: { kind: string }) => e.kind === 'task_decided').detail.department).toEqual({
      zh: '交易中心',
      en: 'Trading centre',
    });
    const reviewers = await Promise.all(
      ['rev_one', 'rev_two', 'rev_three'].map(
        async (r) => (await h.http({ method: 'GET', url: '/api/v1/auth/me', token: staff[r] })).json().id as string,
      ),
    );
    for (const url of [`/api/v1/processes/${processId}`, `/api/v1/processes/${processId}/history`]) {
      const seen = await h.http({ method: 'GET', url, token: a.token });
      expect(seen.statusCode).toBe(200);
      for (const name of [...reviewers, 'rev_one', 'rev_two', 'rev_three']) expect(seen.body).not.toContain(name);
      expect(seen.body).not.toMatch(/recordRegistrationStatus|activateEnterprise done/);
    }
    // The staff console keeps who decided.
    const staffView = await h.http({
      method: 'GET',
      url: `/api/v1/processes/${processId}/history`,
      token: staff.rev_one,
    });
    expect(staffView.body).toContain(reviewers[1]);

    const enterprise = await h.db
      .selectFrom('enterprises')
      .selectAll()
      .where('id', '=', a.enterpriseId)
      .executeTakeFirstOrThrow();
    expect(enterprise).toMatchObject({
      status: 'active',
      credit_code: profile.enterprise!.creditCode,
      approved_by_process: processId,
    });
    expect(
      (await h.http({ method: 'GET', url: '/api/v1/enterprise/profile', token: a.token })).json().enterpriseStatus,
    ).toBe('active');
    const approvedSms = await eventually(
      async () => (await outbox(h, staff.admin_e2e, a.mobile)).find((m) => m.body.includes('审核通过')),
      'approval SMS',
    );
    expect(approvedSms.channel).toBe('sms');
  });

  test('the call record is in the process record and the process ends approved', async () => {
    // The phone review's call record is in the process record.
    const record = (
      await h.http({ method: 'GET', url: `/api/v1/processes/${processId}`, token: staff.admin_e2e })
    ).json();
    const call = record.decisions.find((d: { kind: string }) => d.kind === 'registration.phone_review');
    expect(call.decision.fields).toEqual(phoneRecord);
    expect(record.status).toBe('approved');
    expect(await h.client.workflow.getHandle(processId).result()).toBe('approved');
    await recordHistory(h.client, processId, 'registration/returned-resubmitted-approved');
  });

  test("a retried resubmission of the same round keeps the previous round's snapshot; a later round moves it", async () => {
    const row = () =>
      h.db
        .selectFrom('enterprise_profiles')
        .select(['submitted', 'previous_submitted'])
        .where('process_id', '=', processId)
        .executeTakeFirstOrThrow();
    const round2 = (await row()).submitted as unknown as Submission;
    await recordResubmission(h.db, a.enterpriseId, { ...round2, submittedAt: new Date().toISOString() });
    expect(((await row()).previous_submitted as unknown as Submission).round).toBe(1);
    await recordResubmission(h.db, a.enterpriseId, { ...round2, round: 3 });
    const after = await row();
    expect((after.previous_submitted as unknown as Submission).round).toBe(2);
    expect((after.submitted as unknown as Submission).round).toBe(3);
  });
});

test('chosen reviewers: each step belongs to the chosen person', async () => {
  const a = await registerApplicant(h, staff.admin_e2e);
  await prepareRegistration(h, a);
  const sameTwice = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: { reviewers: ['rev_two', 'REV_TWO'] },
  });
  expect(sameTwice.statusCode).toBe(400);
  expect(sameTwice.json().error.fields).toEqual([
    expect.objectContaining({ field: 'reviewers[1]', code: 'same_person' }),
  ]);
  const notReviewer = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: { reviewers: ['admin_e2e', 'rev_two'] },
  });
  expect(notReviewer.json().error.fields).toEqual([
    expect.objectContaining({ field: 'reviewers[0]', code: 'not_reviewer' }),
  ]);
  expect((await registration(a)).status).toBe('draft');

  const res = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: { reviewers: ['rev_two', 'rev_one'] },
  });
  expect(res.statusCode).toBe(202);
  const first = await taskAt(res.json().processId, '企业审核人1审核', staff.rev_two);
  const other = await decide(staff.rev_one, first.id, { outcome: 'approve' });
  expect(other.statusCode).toBe(403);
  expect(other.json().error.message.en).toMatch(/assigned to someone else/);
  expect((await decide(staff.rev_two, first.id, { outcome: 'approve' })).statusCode).toBe(200);
  const second = await taskAt(res.json().processId, '企业审核人2审核', staff.rev_one);
  expect(second.assigneeId).not.toBeNull();
  expect((await decide(staff.rev_one, second.id, { outcome: 'approve' })).statusCode).toBe(200);
  const phone = await taskAt(res.json().processId, '电话审核', staff.rev_three);
  expect(phone.assigneeId).toBeNull();
  expect((await decide(staff.rev_three, phone.id, { outcome: 'approve', fields: phoneRecord })).statusCode).toBe(200);
  expect(await h.client.workflow.getHandle(res.json().processId).result()).toBe('approved');
  await recordHistory(h.client, res.json().processId, 'registration/chosen-reviewers-approved');
});

test('after a return: the same reviewers may be named again; once approved the return reason is history, the profile frozen, the credit code taken', async () => {
  const a = await registerApplicant(h, staff.admin_e2e);
  const profile = await prepareRegistration(h, a);
  const submitted = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: { reviewers: ['rev_two', 'rev_one'] },
  });
  expect(submitted.statusCode).toBe(202);
  const { processId } = submitted.json();
  const first = await taskAt(processId, '企业审核人1审核', staff.rev_two);
  expect(
    (
      await decide(staff.rev_two, first.id, {
        outcome: 'return',
        comment: '注册地址与营业执照不一致，请核对。',
        fields: { markedFields: ['enterprise.address'] },
      })
    ).statusCode,
  ).toBe(200);
  await eventually(async () => (await registration(a)).status === 'returned', 'status returned');
  expect((await registration(a)).reason).toBe('注册地址与营业执照不一致，请核对。');
  const corrected = {
    ...profile,
    enterprise: { ...profile.enterprise, address: '金华市金东区二环北路1299号（营业执照地址）' },
  };
  expect(
    (await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: corrected })).statusCode,
  ).toBe(200);

  // Reviewer 1 and 2 are steps: swapping them, or naming someone else, is a change a resubmission cannot make.
  for (const reviewers of [
    ['rev_one', 'rev_two'],
    ['rev_two', 'rev_three'],
  ]) {
    const changed = await h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: a.token,
      payload: { reviewers },
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().error.fields).toEqual([expect.objectContaining({ field: 'reviewers', code: 'not_now' })]);
  }
  const same = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: { reviewers: [' REV_TWO ', 'rev_one'] },
  });
  expect(same.statusCode).toBe(202);
  expect(same.json()).toMatchObject({ processId, status: 'in_review', round: 2 });
  expect((await registration(a)).reason).toBeNull();

  const first2 = await taskAt(processId, '企业审核人1审核', staff.rev_two);
  expect((await decide(staff.rev_two, first2.id, { outcome: 'approve' })).statusCode).toBe(200);
  const second = await taskAt(processId, '企业审核人2审核', staff.rev_one);
  expect((await decide(staff.rev_one, second.id, { outcome: 'approve' })).statusCode).toBe(200);
  const phone = await taskAt(processId, '电话审核', staff.rev_three);
  expect((await decide(staff.rev_three, phone.id, { outcome: 'approve', fields: phoneRecord })).statusCode).toBe(200);
  const approved = await eventually(async () => {
    const r = await registration(a);
    return r.status === 'approved' ? r : undefined;
  }, 'approved');
  expect(approved.reason).toBeNull();
  // The process record (what operators see) no longer carries the first round's reason either.
  expect(
    (await h.http({ method: 'GET', url: `/api/v1/processes/${processId}`, token: a.token })).json().state,
  ).toMatchObject({ reason: null, round: 2 });
  expect(approved.comments[0]).toMatchObject({
    seq: 1,
    step: '企业审核人1审核',
    comment: '注册地址与营业执照不一致，请核对。',
  });

  // The approved profile is frozen, and the message does not promise a change request that does not exist.
  const edit = await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: a.token, payload: corrected });
  const upload = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/attachments',
    token: a.token,
    ...multipart({ kind: 'other' }, { filename: 'more.pdf', type: 'application/pdf', data: SCANS.pdf }),
  });
  for (const frozen of [edit, upload]) {
    expect(frozen.statusCode).toBe(409);
    const { code, message } = frozen.json().error;
    expect(code).toBe('PROFILE_FROZEN');
    expect(message.en).toMatch(/approved profile can no longer be edited/);
    expect(`${message.zh} ${message.en}`).not.toMatch(/变更申请|change request/);
  }

  // Another enterprise with the same credit code is refused at submission, before any review.
  const b = await registerApplicant(h, staff.admin_e2e);
  const own = await prepareRegistration(h, b);
  const sameCode = { ...own, enterprise: { ...own.enterprise, creditCode: profile.enterprise!.creditCode } };
  expect(
    (await h.http({ method: 'PUT', url: '/api/v1/enterprise/profile', token: b.token, payload: sameCode })).statusCode,
  ).toBe(200);
  const taken = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: b.token,
    payload: {},
  });
  expect(taken.statusCode).toBe(409);
  expect(taken.json().error.code).toBe('CREDIT_CODE_IN_USE');
  expect(taken.json().error.fields).toEqual([
    expect.objectContaining({ field: 'enterprise.creditCode', code: 'in_use' }),
  ]);
  expect((await registration(b)).status).toBe('draft');
});

test('submit and withdraw need no body: an empty POST without a content type works', async () => {
  const a = await registerApplicant(h, staff.admin_e2e);
  await prepareRegistration(h, a);
  const submitted = await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token });
  expect(submitted.statusCode).toBe(202);
  await taskAt(submitted.json().processId, '企业审核人1审核');
  const withdrawn = await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/withdraw', token: a.token });
  expect(withdrawn.statusCode).toBe(200);
  expect(withdrawn.json().status).toBe('withdrawn');
  expect((await registration(a)).reason).toBe('申请人撤回 Withdrawn by the applicant');
});

test('reject closes the case with the reason; a new submission is possible', async () => {
  const a = await registerApplicant(h, staff.admin_e2e);
  await prepareRegistration(h, a);
  const { processId } = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token, payload: {} })
  ).json();
  const first = await taskAt(processId, '企业审核人1审核');
  const noReason = await decide(staff.rev_one, first.id, { outcome: 'reject' });
  expect(noReason.statusCode).toBe(400);
  expect(noReason.json().error.fields[0].field).toBe('comment');
  expect(
    (await decide(staff.rev_one, first.id, { outcome: 'reject', comment: '不符合注册条件，不予通过。' })).statusCode,
  ).toBe(200);

  const rejected = await eventually(async () => {
    const r = await registration(a);
    return r.status === 'rejected' ? r : undefined;
  }, 'rejected');
  expect(rejected.reason).toBe('不符合注册条件，不予通过。');
  expect(
    (await h.db.selectFrom('enterprises').select('status').where('id', '=', a.enterpriseId).executeTakeFirstOrThrow())
      .status,
  ).toBe('pending');
  await eventually(
    async () => (await outbox(h, staff.admin_e2e, a.mobile)).find((m) => m.body.includes('未通过')),
    'rejection SMS',
  );

  // The profile is editable again and a second submission starts a new process.
  expect(
    (
      await h.http({
        method: 'PUT',
        url: '/api/v1/enterprise/profile',
        token: a.token,
        payload: (await h.http({ method: 'GET', url: '/api/v1/enterprise/profile', token: a.token })).json().draft,
      })
    ).statusCode,
  ).toBe(200);
  const again = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: {},
  });
  expect(again.statusCode).toBe(202);
  expect(again.json().processId).not.toBe(processId);
  expect(again.json().processId).toMatch(/-2$/);
  await recordHistory(h.client, processId, 'registration/rejected');
});

test('withdraw before the first decision; refused after it', async () => {
  const a = await registerApplicant(h, staff.admin_e2e);
  await prepareRegistration(h, a);
  const { processId } = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: a.token, payload: {} })
  ).json();
  await taskAt(processId, '企业审核人1审核');
  const withdrawn = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/withdraw',
    token: a.token,
    payload: { reason: '资料需要重新准备' },
  });
  expect(withdrawn.statusCode).toBe(200);
  expect(withdrawn.json().status).toBe('withdrawn');
  expect((await registration(a)).status).toBe('withdrawn');
  const open = await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token: staff.rev_one });
  await eventually(
    async () =>
      (await h.http({ method: 'GET', url: `/api/v1/tasks?processId=${processId}`, token: staff.rev_one })).json().items
        .length === 0,
    'tasks cancelled',
  );
  expect(open.statusCode).toBe(200);
  expect(await h.client.workflow.getHandle(processId).result()).toBe('withdrawn');
  await recordHistory(h.client, processId, 'registration/withdrawn');

  const b = await registerApplicant(h, staff.admin_e2e);
  await prepareRegistration(h, b);
  const second = (
    await h.http({ method: 'POST', url: '/api/v1/enterprise/registration/submit', token: b.token, payload: {} })
  ).json();
  const first = await taskAt(second.processId, '企业审核人1审核');
  await decide(staff.rev_one, first.id, { outcome: 'approve' });
  await taskAt(second.processId, '企业审核人2审核');
  const late = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/withdraw',
    token: b.token,
    payload: {},
  });
  expect(late.statusCode).toBe(409);
  expect(late.json().error.code).toBe('RegistrationAlreadyDecided');
  // Another enterprise cannot act on this registration.
  const intruder = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/withdraw',
    token: a.token,
    payload: {},
  });
  expect(intruder.statusCode).toBe(409);
});

test('a duplicate submit with the same Idempotency-Key is applied once and answered the same', async () => {
  const a = await registerApplicant(h, staff.admin_e2e);
  await prepareRegistration(h, a);
  const send = () =>
    h.http({
      method: 'POST',
      url: '/api/v1/enterprise/registration/submit',
      token: a.token,
      payload: {},
      headers: { 'idempotency-key': 'submit-once' },
    });
  const [one, two] = [await send(), await send()];
  expect(one.statusCode).toBe(202);
  expect(two.statusCode).toBe(202);
  expect(two.json()).toEqual(one.json());
  expect(two.headers['idempotent-replayed']).toBe('true');
  const third = await h.http({
    method: 'POST',
    url: '/api/v1/enterprise/registration/submit',
    token: a.token,
    payload: {},
  });
  expect(third.statusCode).toBe(409);
  expect(third.json().error.code).toBe('ALREADY_IN_REVIEW');
  await taskAt(one.json().processId, '企业审核人1审核');
  const processes = await h.db
    .selectFrom('processes')
    .select('id')
    .where('enterprise_id', '=', a.enterpriseId)
    .execute();
  expect(processes.map((p) => p.id)).toEqual([one.json().processId]);
  await expect(h.client.workflow.getHandle(one.json().processId.replace(/-1$/, '-2')).describe()).rejects.toThrow(
    /not found/i,
  );
  expect(
    (
      await h.db
        .selectFrom('enterprise_profiles')
        .select('submissions')
        .where('enterprise_id', '=', a.enterpriseId)
        .executeTakeFirstOrThrow()
    ).submissions,
  ).toBe(1);
});

test('quick-input phrases are seeded and editable by admins', async () => {
  const list = (await h.http({ method: 'GET', url: '/api/v1/comment-phrases', token: staff.rev_one })).json().items;
  expect(list.length).toBeGreaterThanOrEqual(5);
  expect(list.map((p: { text: string }) => p.text)).toContain('资料齐全，符合要求，同意。');
  expect(
    (await h.http({ method: 'POST', url: '/api/v1/comment-phrases', token: staff.rev_one, payload: { text: 'x' } }))
      .statusCode,
  ).toBe(403);
  const added = await h.http({
    method: 'POST',
    url: '/api/v1/comment-phrases',
    token: staff.admin_e2e,
    payload: { text: '请补充资质证书。' },
  });
  expect(added.statusCode).toBe(201);
  const changed = await h.http({
    method: 'PUT',
    url: `/api/v1/comment-phrases/${added.json().id}`,
    token: staff.admin_e2e,
    payload: { text: '请补充建筑业企业资质证书。', sortOrder: 1 },
  });
  expect(changed.json()).toMatchObject({ text: '请补充建筑业企业资质证书。', sortOrder: 1 });
  expect(
    (await h.http({ method: 'GET', url: '/api/v1/comment-phrases', token: staff.rev_one })).json().items[0].text,
  ).toBe('请补充建筑业企业资质证书。');
  expect(
    (await h.http({ method: 'DELETE', url: `/api/v1/comment-phrases/${added.json().id}`, token: staff.admin_e2e }))
      .statusCode,
  ).toBe(204);
});

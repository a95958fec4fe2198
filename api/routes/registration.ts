/**
 * 提交 — submitting the registration (or resubmitting after a return), its status for the applicant,
 * withdrawal, and the reviewers' view of a submission.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import {
  REGISTRATION_WORKFLOW,
  registrationWorkflowId,
  resubmitUpdate,
  withdrawUpdate,
  type RegistrationInput,
  type RegistrationStatus,
  type RegistrationWorkflow,
} from '../../contracts/registration';
import {
  changedFields,
  profileProblems,
  REQUIRED_ATTACHMENTS,
  type RegistrationProfile,
} from '../../domain/registration';
import { msg, fieldProblem, type FieldProblem } from '../../domain/text';
import type { Db } from '../../platform/db';
import { AesGcmCodec } from '../../platform/codec';
import { buildTimeline } from '../history';
import { conflict, invalid, notFound } from '../errors';
import { actorOfRequest } from '../plugins/auth';
import { idempotencyId } from '../plugins/idempotency';
import {
  applicantContext,
  attachmentView,
  currentAttachments,
  todayInChina,
  type ApplicantContext,
} from '../repos/enterprise';
import { noBodyIsEmpty } from '../route-options';
import { errors, IdParams } from '../schemas/common';
import { RegistrationViewSchema, SubmissionSchema, SubmitBody, WithdrawBody } from '../schemas/registration';
import { ensureProcessStarted, startProcess } from '../start-process';

/**
 * Statuses whose latest outcome has a reason (the return, the rejection, the withdrawal). In review or
 * approved there is none: an earlier round's reason stays in the comments and the timeline only.
 */
const REASONED: ReadonlySet<RegistrationStatus> = new Set(['returned', 'rejected', 'withdrawn']);

/** The snapshot kept as "submitted": the profile and the files it was submitted with. */
interface Submission {
  profile: RegistrationProfile;
  attachments: ReturnType<typeof attachmentView>[];
  submittedAt: string;
}

const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const codec = new AesGcmCodec(app.config.codec.keys, app.config.codec.activeKeyId);

  /** Everything a submission must hold, named field by field. */
  async function submissionProblems(ctx: ApplicantContext, profile: RegistrationProfile): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = profileProblems(profile, {
      entityName: ctx.enterprise.entity_name,
      today: todayInChina(),
      complete: true,
    });
    const files = await currentAttachments(app.db, ctx.enterprise.id, 'registration');
    for (const kind of REQUIRED_ATTACHMENTS) {
      if (!files.some((f) => f.kind === kind))
        problems.push(
          fieldProblem(`attachments.${kind}`, 'required', '请上传该附件', 'this attachment is required to submit'),
        );
    }
    return problems;
  }

  /**
   * 409 when another active enterprise holds the profile's credit code (activation checks again, for a
   * holder activated while this submission is under review).
   */
  async function assertCreditCodeFree(ctx: ApplicantContext, profile: RegistrationProfile): Promise<void> {
    const code = profile.enterprise?.creditCode;
    if (!code) return;
    const holder = await app.db
      .selectFrom('enterprises')
      .select('id')
      .where('credit_code', '=', code)
      .where('status', '=', 'active')
      .where('id', '<>', ctx.enterprise.id)
      .executeTakeFirst();
    if (holder) {
      throw conflict(
        'CREDIT_CODE_IN_USE',
        msg('该统一社会信用代码已被其他已激活企业使用', 'The credit code belongs to another active enterprise'),
        [
          fieldProblem(
            'enterprise.creditCode',
            'in_use',
            '该统一社会信用代码已被其他企业注册',
            'belongs to another registered enterprise',
          ),
        ],
      );
    }
  }

  /** Resolves the chosen reviewers' login names to staff user IDs. */
  async function reviewerIds(
    db: Db,
    names: string[] | undefined,
    enterpriseId: string,
  ): Promise<[string, string] | null> {
    if (!names) return null;
    const problems: FieldProblem[] = [];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const u = await db
        .selectFrom('users')
        .select(['id', 'enterprise_id'])
        .where(sql<string>`lower(login_name)`, '=', name.trim().toLowerCase())
        .where('kind', '=', 'staff')
        .where('status', '=', 'active')
        .where(sql<boolean>`'registration_reviewer' = any(roles)`)
        .executeTakeFirst();
      if (!u || u.enterprise_id === enterpriseId)
        problems.push(
          fieldProblem(
            `reviewers[${i}]`,
            'not_reviewer',
            '不是可选的企业审核人员',
            'is not an active registration reviewer',
          ),
        );
      else ids.push(u.id);
    }
    if (!problems.length && ids[0] === ids[1])
      problems.push(
        fieldProblem(
          'reviewers[1]',
          'same_person',
          '两位审核人须为不同人员',
          'must be a different person from reviewer 1',
        ),
      );
    if (problems.length) throw invalid(problems);
    return [ids[0], ids[1]];
  }

  /**
   * Whether `names` are the reviewers chosen at submission, each for the same step (login names compared
   * trimmed and case-insensitively). A swapped pair is a different choice: reviewer 1 and 2 are steps.
   */
  async function sameReviewers(chosen: [string, string] | null, names: string[]): Promise<boolean> {
    if (!chosen) return false;
    const users = await app.db.selectFrom('users').select(['id', 'login_name']).where('id', 'in', chosen).execute();
    const loginOf = (id: string) => users.find((u) => u.id === id)?.login_name.toLowerCase();
    return names.every((name, i) => name.trim().toLowerCase() === loginOf(chosen[i]));
  }

  const registrationStart = (input: RegistrationInput) => ({
    workflowType: REGISTRATION_WORKFLOW,
    workflowId: registrationWorkflowId(input.enterpriseId, input.submission),
    args: [input] as [RegistrationInput],
    processType: 'registration',
    enterpriseId: input.enterpriseId,
    status: 'in_review',
  });

  /**
   * Starts the workflow of a submission recorded as in review whose start never happened (the API
   * stopped, or Temporal was unreachable, between the two); true if it had to be started.
   */
  async function ensureStarted(ctx: ApplicantContext): Promise<boolean> {
    const input = ctx.profile.workflow_input as unknown as RegistrationInput | null;
    if (ctx.profile.status !== 'in_review' || !input) return false;
    return ensureProcessStarted<RegistrationWorkflow>(app, registrationStart(input));
  }

  function inputFor(ctx: ApplicantContext, submission: number, reviewers: [string, string] | null): RegistrationInput {
    const { tasks, registration } = app.config;
    return {
      enterpriseId: ctx.enterprise.id,
      submission,
      reviewerIds: reviewers,
      timings: {
        reviewDueMs: tasks.remindAfterMs,
        escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
        escalationRole: tasks.escalationRole,
        correctionWindowMs: registration.correctionWindowMs,
      },
    };
  }

  async function snapshot(ctx: ApplicantContext): Promise<Submission> {
    const files = await currentAttachments(app.db, ctx.enterprise.id, 'registration');
    return {
      profile: ctx.profile.draft as RegistrationProfile,
      attachments: files.map(attachmentView),
      submittedAt: new Date().toISOString(),
    };
  }

  app.post(
    '/api/v1/enterprise/registration/submit',
    {
      config: { access: ['applicant'], idempotent: true },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['registration'],
        summary: '提交 — submit the profile for review, or resubmit after a return (honours Idempotency-Key)',
        body: SubmitBody,
        response: { 202: SubmissionSchema, ...errors(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      const actor = actorOfRequest(request);
      const ctx = await applicantContext(app.db, request);
      const profile = ctx.profile.draft as RegistrationProfile;
      const status = ctx.profile.status;

      if (status === 'in_review') {
        if (await ensureStarted(ctx))
          return reply
            .code(202)
            .send({ processId: ctx.profile.process_id!, status: 'in_review', round: ctx.profile.round });
        throw conflict('ALREADY_IN_REVIEW', msg('资料已提交，正在审核中', 'The registration is already under review'));
      }
      if (status === 'approved')
        throw conflict('ALREADY_APPROVED', msg('注册已审核通过', 'The registration is already approved'));

      const problems = await submissionProblems(ctx, profile);
      if (problems.length)
        throw invalid(
          problems,
          msg('资料不完整或有误，请按提示补充', 'The profile is incomplete or invalid; see fields'),
        );
      await assertCreditCodeFree(ctx, profile);

      if (status === 'returned') {
        const chosen = (ctx.profile.workflow_input as unknown as RegistrationInput | null)?.reviewerIds ?? null;
        if (request.body.reviewers && !(await sameReviewers(chosen, request.body.reviewers))) {
          throw invalid([
            fieldProblem(
              'reviewers',
              'not_now',
              '补正后重新提交不能更换审核人（可不填，或按原顺序填写原审核人）',
              'cannot change on a resubmission; leave out, or give the same two in the same order',
            ),
          ]);
        }
        const before = ((ctx.profile.submitted ?? {}) as Partial<Submission>).profile ?? {};
        const changed = changedFields(before, profile);
        const snap = await snapshot(ctx);
        await app.db
          .updateTable('enterprise_profiles')
          .set({ submitted: JSON.stringify(snap), submitted_at: new Date(), updated_at: new Date() })
          .where('enterprise_id', '=', ctx.enterprise.id)
          .execute();
        const state = await app.temporal.workflow.getHandle(ctx.profile.process_id!).executeUpdate(resubmitUpdate, {
          args: [{ actor, changedFields: changed }],
          updateId: idempotencyId(request),
        });
        request.log.info({ processId: ctx.profile.process_id, round: state.round }, 'registration resubmitted');
        return reply.code(202).send({ processId: ctx.profile.process_id!, status: state.status, round: state.round });
      }

      const reviewers = await reviewerIds(app.db, request.body.reviewers, ctx.enterprise.id);
      const submission = ctx.profile.submissions + 1;
      const processId = registrationWorkflowId(ctx.enterprise.id, submission);
      const snap = await snapshot(ctx);
      const input = inputFor(ctx, submission, reviewers);
      const claimed = await app.db
        .updateTable('enterprise_profiles')
        .set({
          status: 'in_review',
          process_id: processId,
          workflow_input: JSON.stringify(input),
          submissions: submission,
          round: 1,
          submitted: JSON.stringify(snap),
          submitted_at: new Date(),
          editable_fields: null,
          updated_at: new Date(),
        })
        .where('enterprise_id', '=', ctx.enterprise.id)
        .where('submissions', '=', ctx.profile.submissions)
        .where('status', '=', status)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1)
        throw conflict('ALREADY_IN_REVIEW', msg('资料已提交，正在审核中', 'The registration is already under review'));
      await startProcess<RegistrationWorkflow>(app, registrationStart(input));
      request.log.info({ processId, enterpriseId: ctx.enterprise.id }, 'registration submitted');
      return reply.code(202).send({ processId, status: 'in_review', round: 1 });
    },
  );

  app.get(
    '/api/v1/enterprise/registration',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['registration'],
        summary: 'Status, current step, the comment table (序号, 业务步骤, 部门, 意见) and the timeline',
        response: { 200: RegistrationViewSchema, ...errors(401, 403) },
      },
    },
    async (request) => registrationView(request),
  );

  /** The applicant's view: persons behind decisions are shown by department, not by name. */
  async function registrationView(request: FastifyRequest) {
    const ctx = await applicantContext(app.db, request);
    if (await ensureStarted(ctx))
      request.log.warn({ processId: ctx.profile.process_id }, 'registration workflow started on recovery');
    const processId = ctx.profile.process_id;
    const base = {
      processId,
      status: ctx.profile.status as RegistrationStatus,
      round: ctx.profile.round,
      editableFields: ctx.profile.editable_fields,
      submittedAt: ctx.profile.submitted_at?.toISOString() ?? null,
    };
    if (!processId) return { ...base, step: null, reason: null, comments: [], openTasks: [], timeline: [] };
    const [proc, comments, open] = await Promise.all([
      app.db.selectFrom('processes').selectAll().where('id', '=', processId).executeTakeFirst(),
      app.db.selectFrom('process_comments').selectAll().where('process_id', '=', processId).orderBy('seq').execute(),
      app.db
        .selectFrom('tasks')
        .select(['title', 'step', 'due_at'])
        .where('process_id', '=', processId)
        .where('status', '=', 'open')
        .execute(),
    ]);
    let timeline: Awaited<ReturnType<typeof buildTimeline>> = [];
    try {
      const history = await app.temporal.workflow.getHandle(processId).fetchHistory();
      timeline = (await buildTimeline(history.events ?? [], codec)).map((e) => {
        const { actor: _actor, assigneeId: _assignee, to: _to, fields: _fields, ...detail } = e.detail;
        return { ...e, detail };
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    return {
      ...base,
      step: proc?.step ?? null,
      reason: REASONED.has(base.status) ? (((proc?.state ?? {}) as { reason?: string | null }).reason ?? null) : null,
      comments: comments.map((c) => ({
        seq: c.seq,
        step: c.step,
        department: c.department,
        comment: c.text,
        at: c.created_at.toISOString(),
      })),
      openTasks: open.map((t) => ({ title: t.title, step: t.step, dueAt: t.due_at.toISOString() })),
      timeline,
    };
  }

  app.post(
    '/api/v1/enterprise/registration/withdraw',
    {
      config: { access: ['applicant'], idempotent: true },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['registration'],
        summary: 'Withdraw the submission (before the first decision of a round, or while returned)',
        body: WithdrawBody,
        response: { 200: SubmissionSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const ctx = await applicantContext(app.db, request);
      if (!ctx.profile.process_id || !['in_review', 'returned'].includes(ctx.profile.status)) {
        throw conflict('NOTHING_TO_WITHDRAW', msg('没有可撤回的申请', 'There is no submission to withdraw'));
      }
      const state = await app.temporal.workflow.getHandle(ctx.profile.process_id).executeUpdate(withdrawUpdate, {
        args: [{ actor: actorOfRequest(request), reason: request.body.reason }],
        updateId: idempotencyId(request),
      });
      return { processId: ctx.profile.process_id, status: state.status, round: state.round };
    },
  );

  app.get(
    '/api/v1/registrations/:id',
    {
      config: { access: ['registration_reviewer', 'supervisor', 'operator', 'admin'] },
      schema: {
        tags: ['registration'],
        summary: 'Reviewers: a submission — the profile and files as submitted, status, round, marked fields',
        params: IdParams,
        response: errors(401, 403, 404),
      },
    },
    async (request) => {
      const profile = await app.db
        .selectFrom('enterprise_profiles')
        .selectAll()
        .where('process_id', '=', request.params.id)
        .executeTakeFirst();
      const proc = await app.db
        .selectFrom('processes')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('type', '=', 'registration')
        .executeTakeFirst();
      if (!proc) throw notFound(msg('注册申请不存在', 'No such registration'));
      const enterprise = await app.db
        .selectFrom('enterprises')
        .select(['id', 'entity_name', 'status'])
        .where('id', '=', proc.enterprise_id!)
        .executeTakeFirstOrThrow();
      const current = profile?.process_id === proc.id;
      return {
        processId: proc.id,
        enterprise: { id: enterprise.id, entityName: enterprise.entity_name, status: enterprise.status },
        status: proc.status,
        step: proc.step,
        state: proc.state,
        submitted: current ? profile?.submitted : null,
        editableFields: current ? profile?.editable_fields : null,
      };
    },
  );
};

export default registrationRoutes;

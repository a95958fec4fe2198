/**
 * 提交 — submitting the registration (or resubmitting after a return), its status for the applicant,
 * withdrawal, and the reviewers' view of a submission.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  registrationWorkflowId,
  resubmitUpdate,
  withdrawUpdate,
  type RegistrationInput,
  type RegistrationStatus,
  type RegistrationWorkflow,
} from '../../../contracts/registration';
import {
  changedFields,
  profileProblems,
  REQUIRED_ATTACHMENTS,
  type RegistrationProfile,
} from '../../../domain/registration';
import { fieldProblem, msg, type FieldProblem } from '../../../domain/text';
import type { UserRow } from '../../../platform/db/schema';
import { todayInChina } from '../../china-time';
import { conflict, invalid, notFound } from '../../errors';
import { buildTimeline, historyIfStarted } from '../../timeline';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { withinTemporalDeadline } from '../../process-calls';
import { attachmentView, currentAttachments } from '../../repos/attachments';
import { activeHolderOfCreditCode, applicantContext, type ApplicantContext } from '../../repos/enterprise';
import {
  commentByDepartment,
  entitlementTo,
  findProcess,
  openTaskSummaries,
  processComments,
} from '../../repos/processes';
import {
  activeReviewer,
  claimSubmission,
  loginNames,
  recordResubmission,
  registrationUnderReview,
  REGISTRATION_FILES,
  type Submission,
} from '../../repos/registration';
import { noBodyIsEmpty } from '../../route-options';
import { errors, IdParams } from '../../schemas/common';
import {
  RegistrationReviewSchema,
  RegistrationViewSchema,
  SubmissionSchema,
  SubmitBody,
  WithdrawBody,
} from '../../schemas/registration';
import { ensureProcessStarted, registrationStart, startProcess } from '../../start-process';

/**
 * Statuses whose latest outcome has a reason (the return, the rejection, the withdrawal). In review or
 * approved there is none: an earlier round's reason stays in the comments and the timeline only.
 */
const REASONED: ReadonlySet<RegistrationStatus> = new Set(['returned', 'rejected', 'withdrawn']);

const ALREADY_IN_REVIEW = msg('资料已提交，正在审核中', 'The registration is already under review');

const submissionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Everything a submission must hold, named field by field. */
  async function submissionProblems(ctx: ApplicantContext, profile: RegistrationProfile): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = profileProblems(profile, {
      entityName: ctx.enterprise.entity_name,
      today: todayInChina(),
      complete: true,
    });
    const files = await currentAttachments(app.db, ctx.enterprise.id, REGISTRATION_FILES);
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
    if (await activeHolderOfCreditCode(app.db, code, ctx.enterprise.id)) {
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
  async function reviewerIds(names: string[] | undefined, enterpriseId: string): Promise<[string, string] | null> {
    if (!names) return null;
    const problems: FieldProblem[] = [];
    const ids: string[] = [];
    for (const [i, name] of names.entries()) {
      const reviewer = await activeReviewer(app.db, name);
      if (!reviewer || reviewer.enterprise_id === enterpriseId)
        problems.push(
          fieldProblem(
            `reviewers[${i}]`,
            'not_reviewer',
            '不是可选的企业审核人员',
            'is not an active registration reviewer',
          ),
        );
      else ids.push(reviewer.id);
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
    const users = await loginNames(app.db, chosen);
    const loginOf = (id: string) => users.find((u) => u.id === id)?.login_name.toLowerCase();
    return names.every((name, i) => name.trim().toLowerCase() === loginOf(chosen[i]));
  }

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

  async function snapshot(ctx: ApplicantContext, round: number): Promise<Submission> {
    const files = await currentAttachments(app.db, ctx.enterprise.id, REGISTRATION_FILES);
    return {
      profile: ctx.profile.draft as RegistrationProfile,
      attachments: files.map(attachmentView),
      submittedAt: new Date().toISOString(),
      round,
    };
  }

  /** The applicant's view: persons behind decisions are shown by department, not by name. */
  async function registrationView(user: UserRow | null) {
    const ctx = await applicantContext(app.db, user);
    const processId = ctx.profile.process_id;
    const base = {
      processId,
      status: ctx.profile.status as RegistrationStatus,
      round: ctx.profile.round,
      editableFields: ctx.profile.editable_fields,
      submittedAt: ctx.profile.submitted_at?.toISOString() ?? null,
      reviewPhone: app.config.registration.reviewPhone,
    };
    if (!processId)
      return { ...base, step: null, reason: null, fieldReasons: null, comments: [], openTasks: [], timeline: [] };
    const [process, comments, open] = await Promise.all([
      findProcess(app.db, processId),
      processComments(app.db, processId),
      openTaskSummaries(app.db, processId),
    ]);
    // (no history yet while a lost start waits for the sweep)
    const events = await historyIfStarted(app.temporal, processId);
    const timeline = events ? await buildTimeline(events, app.codec, 'applicant') : [];
    return {
      ...base,
      step: process?.step ?? null,
      reason: REASONED.has(base.status)
        ? (((process?.state ?? {}) as { reason?: string | null }).reason ?? null)
        : null,
      fieldReasons:
        base.status === 'returned'
          ? (((process?.state ?? {}) as { fieldReasons?: Record<string, string> }).fieldReasons ?? {})
          : null,
      comments: comments.map(commentByDepartment),
      openTasks: open.map((task) => ({ title: task.title, step: task.step, dueAt: task.due_at.toISOString() })),
      timeline,
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
      const ctx = await applicantContext(app.db, request.user);
      const profile = ctx.profile.draft as RegistrationProfile;
      const status = ctx.profile.status;

      if (status === 'in_review') {
        if (await ensureStarted(ctx))
          return reply
            .code(202)
            .send({ processId: ctx.profile.process_id!, status: 'in_review', round: ctx.profile.round });
        throw conflict('ALREADY_IN_REVIEW', ALREADY_IN_REVIEW);
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
        await recordResubmission(app.db, ctx.enterprise.id, await snapshot(ctx, ctx.profile.round + 1));
        const state = await withinTemporalDeadline(app, () =>
          app.temporal.workflow.getHandle(ctx.profile.process_id!).executeUpdate(resubmitUpdate, {
            args: [{ actor, changedFields: changed }],
            updateId: idempotencyId(request),
          }),
        );
        request.log.info({ processId: ctx.profile.process_id, round: state.round }, 'registration resubmitted');
        return reply.code(202).send({ processId: ctx.profile.process_id!, status: state.status, round: state.round });
      }

      const reviewers = await reviewerIds(request.body.reviewers, ctx.enterprise.id);
      const submission = ctx.profile.submissions + 1;
      const processId = registrationWorkflowId(ctx.enterprise.id, submission);
      const input = inputFor(ctx, submission, reviewers);
      const claimed = await claimSubmission(app.db, {
        enterpriseId: ctx.enterprise.id,
        status,
        submissions: ctx.profile.submissions,
        processId,
        input,
        snapshot: await snapshot(ctx, 1),
      });
      if (!claimed) throw conflict('ALREADY_IN_REVIEW', ALREADY_IN_REVIEW);
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
    async (request) => registrationView(request.user),
  );

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
      const ctx = await applicantContext(app.db, request.user);
      if (!ctx.profile.process_id || !['in_review', 'returned'].includes(ctx.profile.status)) {
        throw conflict('NOTHING_TO_WITHDRAW', msg('没有可撤回的申请', 'There is no submission to withdraw'));
      }
      const state = await withinTemporalDeadline(app, () =>
        app.temporal.workflow.getHandle(ctx.profile.process_id!).executeUpdate(withdrawUpdate, {
          args: [{ actor: actorOfRequest(request), reason: request.body.reason }],
          updateId: idempotencyId(request),
        }),
      );
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
        response: { 200: RegistrationReviewSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const found = await registrationUnderReview(app.db, request.params.id);
      if (!found || !(await entitlementTo(app.db, request.user!, found.process)))
        throw notFound(msg('注册申请不存在', 'No such registration'));
      const { process, enterprise, profile } = found;
      const current = profile?.process_id === process.id;
      return {
        processId: process.id,
        enterprise: { id: enterprise.id, entityName: enterprise.entity_name, status: enterprise.status },
        status: process.status,
        step: process.step,
        state: process.state,
        submitted: current ? profile?.submitted : null,
        previous: current ? profile?.previous_submitted : null,
        editableFields: current ? profile?.editable_fields : null,
      };
    },
  );
};

export default submissionRoutes;

/**
 * 企业信息 → 基础信息 → 变更 — an approved enterprise's change request of its registered information:
 * the evidence files, submission (and resubmission after a return), withdrawal, its status, and the
 * reviewers' view of it beside the approved record.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CHANGE_FILES,
  CHANGE_STEPS,
  ENTERPRISE_CHANGE_WORKFLOW,
  enterpriseChangeWorkflowId,
  resubmitChangeUpdate,
  withdrawChangeUpdate,
  type ChangeInput,
  type ChangeSubmission,
  type ChangeWorkflow,
} from '../../../contracts/enterprise-change';
import { CHANGE_EVIDENCE_KINDS, changeProblems, MAX_OTHER_EVIDENCE } from '../../../domain/enterprise-change';
import { changedFields, normaliseProfile, type RegistrationProfile } from '../../../domain/registration';
import { fieldProblem, msg } from '../../../domain/text';
import { entityNameKey } from '../../../domain/validators';
import type { ChangeRequestRow, EnterpriseRow, UserRow } from '../../../platform/db/schema';
import { todayInChina } from '../../china-time';
import { conflict, invalid, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { withinTemporalDeadline } from '../../process-calls';
import {
  attachmentView,
  currentAttachments,
  findCurrentAttachment,
  retireAttachment,
  saveAttachment,
} from '../../repos/attachments';
import { activeEnterprise, activeHolderOfCreditCode } from '../../repos/enterprise';
import { claimChange, findChange, latestChange, recordChangeResubmission } from '../../repos/enterprise-changes';
import { commentByDepartment, entitlementTo, findProcess, processComments } from '../../repos/processes';
import { noBodyIsEmpty } from '../../route-options';
import { AttachmentSchema } from '../../schemas/attachments';
import { errors, IdParams, NoContent } from '../../schemas/common';
import {
  ChangeReviewSchema,
  ChangeSubmissionSchema,
  ChangeSubmitBody,
  ChangeViewSchema,
} from '../../schemas/enterprise-change';
import { WithdrawBody } from '../../schemas/registration';
import { ensureProcessStarted, startProcess } from '../../start-process';
import { readUpload } from '../../uploads';

const IN_REVIEW = msg('变更申请正在审核中，请等待审核结果', 'A change request is under review; wait for its decision');
const FROZEN_FILE = msg('只能更换审核人员标出的附件', 'Only the attachments marked by the reviewer may change');

/** The start of a change request's review. */
function changeStart(input: ChangeInput) {
  return {
    workflowType: ENTERPRISE_CHANGE_WORKFLOW,
    workflowId: enterpriseChangeWorkflowId(input.enterpriseId, input.seq),
    args: [input] as [ChangeInput],
    processType: 'enterprise-change',
    enterpriseId: input.enterpriseId,
    status: 'in_review',
  };
}

/** The step a request's status stands at (the workflow's own steps). */
const STEP_OF: Partial<Record<string, string>> = { in_review: CHANGE_STEPS.review, returned: CHANGE_STEPS.correction };

const isOpen = (c: ChangeRequestRow | undefined): c is ChangeRequestRow =>
  !!c && (c.status === 'in_review' || c.status === 'returned');

const enterpriseChangeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** The applicant's active enterprise with its approved profile; 403 for others, 409 until approved. */
  async function changingEnterprise(
    user: UserRow | null,
  ): Promise<{ enterprise: EnterpriseRow; profile: RegistrationProfile }> {
    const { id } = await activeEnterprise(app.db, user);
    const enterprise = await app.db
      .selectFrom('enterprises')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { enterprise, profile: (enterprise.approved_profile as { profile: RegistrationProfile }).profile };
  }

  /** 409 when the evidence may not change now: a request in review, or a returned one whose files were not marked. */
  function assertEvidenceEditable(latest: ChangeRequestRow | undefined, kind: string): void {
    if (latest?.status === 'in_review') throw conflict('CHANGE_IN_REVIEW', IN_REVIEW);
    if (latest?.status === 'returned' && !(latest.editable_fields ?? []).includes(`attachments.${kind}`))
      throw conflict('PROFILE_FIELDS_FROZEN', FROZEN_FILE, [
        fieldProblem(
          'kind',
          'frozen',
          '该类附件未被标为需补正',
          'this kind of attachment was not marked for correction',
        ),
      ]);
  }

  /** 409 when another enterprise holds the new credit code (active) or the new name. */
  async function assertNameAndCodeFree(enterprise: EnterpriseRow, profile: RegistrationProfile): Promise<void> {
    const code = profile.enterprise!.creditCode!;
    if (code !== enterprise.credit_code && (await activeHolderOfCreditCode(app.db, code, enterprise.id)))
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
    const key = entityNameKey(profile.enterprise!.name!);
    const holder = await app.db
      .selectFrom('enterprises')
      .select('id')
      .where('name_key', '=', key)
      .where('id', '<>', enterprise.id)
      .executeTakeFirst();
    if (holder)
      throw conflict('NAME_IN_USE', msg('该企业名称已被其他企业注册', 'The name belongs to another enterprise'), [
        fieldProblem(
          'enterprise.name',
          'in_use',
          '该企业名称已被其他企业注册',
          'belongs to another registered enterprise',
        ),
      ]);
  }

  const snapshot = async (
    enterpriseId: string,
    profile: RegistrationProfile,
    round: number,
  ): Promise<ChangeSubmission> => ({
    profile,
    attachments: (await currentAttachments(app.db, enterpriseId, CHANGE_FILES)).map(attachmentView),
    submittedAt: new Date().toISOString(),
    round,
  });

  app.get(
    '/api/v1/enterprise/change',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['enterprise-change'],
        summary: '变更 — the approved record, the evidence being prepared, and the latest change request with its 意见',
        response: { 200: ChangeViewSchema, ...errors(401, 403, 409) },
      },
    },
    async (request) => {
      const { enterprise } = await changingEnterprise(request.user);
      const [latest, evidence] = await Promise.all([
        latestChange(app.db, enterprise.id),
        currentAttachments(app.db, enterprise.id, CHANGE_FILES),
      ]);
      const comments = latest ? await processComments(app.db, latest.id) : [];
      return {
        enterpriseId: enterprise.id,
        entityName: enterprise.entity_name,
        approved: enterprise.approved_profile as never,
        evidence: evidence.map(attachmentView),
        request: latest
          ? {
              processId: latest.id,
              status: latest.status,
              step: STEP_OF[latest.status] ?? null,
              round: latest.round,
              changedFields: latest.changed_fields,
              editableFields: latest.editable_fields,
              reason: latest.reason,
              submitted: latest.submitted as never,
              submittedAt: (latest.submitted as unknown as ChangeSubmission).submittedAt,
              decidedAt: latest.decided_at?.toISOString() ?? null,
              comments: comments.map(commentByDepartment),
            }
          : null,
      };
    },
  );

  app.post(
    '/api/v1/enterprise/change/attachments',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['enterprise-change'],
        summary:
          'Upload evidence (multipart: field `kind` business_license or other, then `file`); a new licence replaces the previous one',
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema, ...errors(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, CHANGE_EVIDENCE_KINDS);
      const { enterprise } = await changingEnterprise(request.user);
      assertEvidenceEditable(await latestChange(app.db, enterprise.id), upload.kind);
      const single = upload.kind !== 'other';
      const saved = await saveAttachment(app, {
        enterpriseId: enterprise.id,
        owner: CHANGE_FILES,
        upload,
        single,
        uploadedBy: request.user!.id,
        maxOfKind: single ? undefined : MAX_OTHER_EVIDENCE,
      });
      return reply.code(201).send(attachmentView(saved));
    },
  );

  app.delete(
    '/api/v1/enterprise/change/attachments/:id',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['enterprise-change'],
        summary: 'Remove an evidence file while it may change',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { enterprise } = await changingEnterprise(request.user);
      const file = await findCurrentAttachment(app.db, {
        id: request.params.id,
        owner: CHANGE_FILES,
        enterpriseId: enterprise.id,
      });
      if (!file) throw notFound(msg('附件不存在', 'No such attachment'));
      assertEvidenceEditable(await latestChange(app.db, enterprise.id), file.kind);
      await retireAttachment(app.db, file.id);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/v1/enterprise/change/submit',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['enterprise-change'],
        summary:
          '提交 — submit the changed profile for review, or resubmit after a return (only the marked fields may differ); honours Idempotency-Key',
        body: ChangeSubmitBody,
        response: { 202: ChangeSubmissionSchema, ...errors(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      const { enterprise, profile: approved } = await changingEnterprise(request.user);
      const latest = await latestChange(app.db, enterprise.id);
      if (latest?.status === 'in_review') {
        // (a submission recorded whose workflow never started: start it now)
        if (
          await ensureProcessStarted<ChangeWorkflow>(app, changeStart(latest.workflow_input as unknown as ChangeInput))
        )
          return reply.code(202).send({ processId: latest.id, status: 'in_review', round: latest.round });
        throw conflict('CHANGE_IN_REVIEW', IN_REVIEW);
      }
      const proposed = normaliseProfile(request.body as RegistrationProfile);
      const evidence = await currentAttachments(app.db, enterprise.id, CHANGE_FILES);
      const problems = changeProblems(approved, proposed, {
        today: todayInChina(),
        evidenceKinds: evidence.map((f) => f.kind),
      });
      if (problems.length)
        throw invalid(
          problems,
          msg('变更资料不完整或有误，请按提示修改', 'The change is incomplete or invalid; see fields'),
        );
      const changed = changedFields(approved, proposed);

      if (latest?.status === 'returned') {
        const before = (latest.submitted as unknown as ChangeSubmission).profile;
        const allowed = new Set(latest.editable_fields ?? []);
        const frozen = changedFields(before, proposed).filter((f) => !allowed.has(f));
        if (frozen.length)
          throw conflict(
            'PROFILE_FIELDS_FROZEN',
            msg('只能修改审核人员标出的内容', 'Only the fields marked by the reviewer may change'),
            frozen.map((f) =>
              fieldProblem(
                f,
                'frozen',
                '该字段未被标为需补正，不能修改',
                'was not marked for correction and cannot change',
              ),
            ),
          );
        await assertNameAndCodeFree(enterprise, proposed);
        await recordChangeResubmission(app.db, latest.id, {
          submitted: await snapshot(enterprise.id, proposed, latest.round + 1),
          changedFields: changed,
        });
        const state = await withinTemporalDeadline(app, () =>
          app.temporal.workflow.getHandle(latest.id).executeUpdate(resubmitChangeUpdate, {
            args: [{ actor: actorOfRequest(request) }],
            updateId: idempotencyId(request),
          }),
        );
        request.log.info({ processId: latest.id, round: state.round }, 'enterprise change resubmitted');
        return reply.code(202).send({ processId: latest.id, status: state.status, round: state.round });
      }

      await assertNameAndCodeFree(enterprise, proposed);
      const { tasks, registration } = app.config;
      const input: ChangeInput = {
        enterpriseId: enterprise.id,
        seq: (latest?.seq ?? 0) + 1,
        changedFields: changed,
        reviewDueMs: tasks.remindAfterMs,
        escalateAfterMs: tasks.escalateAfterMs - tasks.remindAfterMs,
        escalationRole: tasks.escalationRole,
        correctionWindowMs: registration.correctionWindowMs,
      };
      const processId = enterpriseChangeWorkflowId(enterprise.id, input.seq);
      const claimed = await claimChange(app.db, {
        id: processId,
        input,
        base: enterprise.approved_profile,
        submitted: await snapshot(enterprise.id, proposed, 1),
        createdBy: request.user!.id,
      });
      if (!claimed) throw conflict('CHANGE_IN_REVIEW', IN_REVIEW);
      await startProcess<ChangeWorkflow>(app, changeStart(input));
      request.log.info({ processId, enterpriseId: enterprise.id, fields: changed }, 'enterprise change submitted');
      return reply.code(202).send({ processId, status: 'in_review', round: 1 });
    },
  );

  app.post(
    '/api/v1/enterprise/change/withdraw',
    {
      config: { access: ['applicant'], idempotent: true },
      preValidation: noBodyIsEmpty,
      schema: {
        tags: ['enterprise-change'],
        summary: 'Withdraw the open change request (in review and not decided, or returned)',
        body: WithdrawBody,
        response: { 200: ChangeSubmissionSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const { enterprise } = await changingEnterprise(request.user);
      const latest = await latestChange(app.db, enterprise.id);
      if (!isOpen(latest))
        throw conflict('NOTHING_TO_WITHDRAW', msg('没有可撤回的变更申请', 'There is no change request to withdraw'));
      const state = await withinTemporalDeadline(app, () =>
        app.temporal.workflow.getHandle(latest.id).executeUpdate(withdrawChangeUpdate, {
          args: [{ actor: actorOfRequest(request), reason: request.body.reason }],
          updateId: idempotencyId(request),
        }),
      );
      return { processId: latest.id, status: state.status, round: state.round };
    },
  );

  app.get(
    '/api/v1/enterprise-changes/:id',
    {
      config: { access: ['registration_reviewer', 'supervisor', 'operator', 'admin'] },
      schema: {
        tags: ['enterprise-change'],
        summary: 'Reviewers: a change request as submitted, beside the approved record it changes (`previous`)',
        params: IdParams,
        response: { 200: ChangeReviewSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const change = await findChange(app.db, request.params.id);
      const process = change ? await findProcess(app.db, change.id) : undefined;
      if (!change || !process || !(await entitlementTo(app.db, request.user!, process)))
        throw notFound(msg('变更申请不存在', 'No such change request'));
      const enterprise = await app.db
        .selectFrom('enterprises')
        .select(['id', 'entity_name', 'status'])
        .where('id', '=', change.enterprise_id)
        .executeTakeFirstOrThrow();
      return {
        processId: change.id,
        enterprise: { id: enterprise.id, entityName: enterprise.entity_name, status: enterprise.status },
        status: change.status,
        step: process.step,
        state: process.state,
        submitted: change.submitted,
        previous: change.base,
        editableFields: change.editable_fields,
        changedFields: change.changed_fields,
      };
    },
  );
};

export default enterpriseChangeRoutes;

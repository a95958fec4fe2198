/** 资料完善 — the registration catalogue, the applicant's draft profile and its attachments. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  changedFields,
  codes,
  MAX_OTHER_ATTACHMENTS,
  normaliseProfile,
  profileProblems,
  REGISTRATION_CATALOG as CATALOG,
  SINGLE_ATTACHMENTS,
  type RegistrationProfile,
} from '../../../domain/registration';
import { msg, fieldProblem } from '../../../domain/text';
import { conflict, invalid, notFound } from '../../errors';
import { todayInChina } from '../../china-time';
import {
  attachmentView,
  currentAttachments,
  findCurrentAttachment,
  retireAttachment,
  saveAttachment,
} from '../../repos/attachments';
import { applicantContext, type ApplicantContext } from '../../repos/enterprise';
import { REGISTRATION_FILES, saveDraft } from '../../repos/registration';
import { AttachmentListSchema, AttachmentSchema } from '../../schemas/attachments';
import { errors, IdParams, NoContent } from '../../schemas/common';
import { ProfileSchema, ProfileViewSchema, RegistrationCatalogSchema } from '../../schemas/registration';
import { readUpload } from '../../uploads';

/** Profile statuses in which the applicant may edit. */
const EDITABLE = new Set(['draft', 'returned', 'rejected', 'withdrawn']);

function assertEditable(ctx: ApplicantContext): void {
  if (!EDITABLE.has(ctx.profile.status)) {
    const why =
      ctx.profile.status === 'in_review'
        ? msg('资料审核中，暂不能修改', 'The profile is under review and frozen')
        : msg(
            '注册已审核通过，已通过的资料不能再在此修改',
            'The registration is approved; the approved profile can no longer be edited here',
          );
    throw conflict('PROFILE_FROZEN', why);
  }
}

const profileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const applicant = { access: ['applicant'] as const };
  const kinds = codes(CATALOG.attachmentKinds);

  async function view(ctx: ApplicantContext) {
    return {
      enterpriseId: ctx.enterprise.id,
      entityName: ctx.enterprise.entity_name,
      enterpriseStatus: ctx.enterprise.status,
      status: ctx.profile.status,
      draft: ctx.profile.draft,
      editableFields: ctx.profile.editable_fields,
      round: ctx.profile.round,
      processId: ctx.profile.process_id,
      attachments: (await currentAttachments(app.db, ctx.enterprise.id, REGISTRATION_FILES)).map(attachmentView),
      updatedAt: ctx.profile.updated_at.toISOString(),
    };
  }

  app.get(
    '/api/v1/catalog/registration',
    {
      config: { access: 'public' },
      schema: {
        tags: ['registration'],
        summary: 'Codes for member category, business type, identity type, enterprise type, ID type, attachment kinds',
        response: { 200: RegistrationCatalogSchema },
      },
    },
    async () => CATALOG,
  );

  app.get(
    '/api/v1/enterprise/profile',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary: 'The draft profile and its attachments',
        response: { 200: ProfileViewSchema, ...errors(401, 403) },
      },
    },
    async (request) => view(await applicantContext(app.db, request.user)),
  );

  app.put(
    '/api/v1/enterprise/profile',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary: '保存 — save the draft profile (may be incomplete; each given field must be valid)',
        body: ProfileSchema,
        response: { 200: ProfileViewSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const draft = normaliseProfile(request.body as RegistrationProfile);
      const saved = await app.db.transaction().execute(async (trx) => {
        const ctx = await applicantContext(trx, request.user, true);
        assertEditable(ctx);
        const problems = profileProblems(draft, {
          entityName: ctx.enterprise.entity_name,
          today: todayInChina(),
          complete: false,
        });
        if (problems.length) throw invalid(problems);
        if (ctx.profile.status === 'returned') {
          const submitted = ((ctx.profile.submitted ?? {}) as { profile?: RegistrationProfile }).profile ?? {};
          const allowed = new Set(ctx.profile.editable_fields ?? []);
          const frozen = changedFields(submitted, draft).filter((f) => !allowed.has(f));
          if (frozen.length) {
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
          }
        }
        const profile = await saveDraft(trx, ctx.enterprise.id, draft);
        return { ...ctx, profile };
      });
      // (after the transaction: the embedded database has one session, which the transaction holds)
      return view(saved);
    },
  );

  app.get(
    '/api/v1/enterprise/attachments',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary: 'Current attachments of the profile',
        response: { 200: AttachmentListSchema, ...errors(401, 403) },
      },
    },
    async (request) => {
      const ctx = await applicantContext(app.db, request.user);
      return { items: (await currentAttachments(app.db, ctx.enterprise.id, REGISTRATION_FILES)).map(attachmentView) };
    },
  );

  app.post(
    '/api/v1/enterprise/attachments',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary:
          'Upload a scan (multipart: field `kind`, then `file`; JPEG, PNG or PDF by content). A single-file kind replaces the previous file.',
        consumes: ['multipart/form-data'],
        response: { 201: AttachmentSchema, ...errors(400, 401, 403, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const upload = await readUpload(request, kinds);
      const ctx = await applicantContext(app.db, request.user);
      assertEditable(ctx);
      if (
        ctx.profile.status === 'returned' &&
        !(ctx.profile.editable_fields ?? []).includes(`attachments.${upload.kind}`)
      ) {
        throw conflict(
          'PROFILE_FIELDS_FROZEN',
          msg('只能更换审核人员标出的附件', 'Only the attachments marked by the reviewer may change'),
          [
            fieldProblem(
              'kind',
              'frozen',
              '该类附件未被标为需补正',
              'this kind of attachment was not marked for correction',
            ),
          ],
        );
      }
      const single = SINGLE_ATTACHMENTS.includes(upload.kind);
      const saved = await saveAttachment(app, {
        enterpriseId: ctx.enterprise.id,
        owner: REGISTRATION_FILES,
        upload,
        single,
        uploadedBy: ctx.user.id,
        maxOfKind: single ? undefined : MAX_OTHER_ATTACHMENTS,
      });
      return reply.code(201).send(attachmentView(saved));
    },
  );

  app.delete(
    '/api/v1/enterprise/attachments/:id',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary: 'Delete an attachment while the profile is editable',
        params: IdParams,
        response: { 204: NoContent, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const ctx = await applicantContext(app.db, request.user);
      const attachment = await findCurrentAttachment(app.db, {
        id: request.params.id,
        owner: REGISTRATION_FILES,
        enterpriseId: ctx.enterprise.id,
      });
      if (!attachment) throw notFound(msg('附件不存在', 'No such attachment'));
      assertEditable(ctx);
      if (
        ctx.profile.status === 'returned' &&
        !(ctx.profile.editable_fields ?? []).includes(`attachments.${attachment.kind}`)
      ) {
        throw conflict(
          'PROFILE_FIELDS_FROZEN',
          msg('只能更换审核人员标出的附件', 'Only the attachments marked by the reviewer may change'),
        );
      }
      await retireAttachment(app.db, attachment.id);
      return reply.code(204).send();
    },
  );
};

export default profileRoutes;

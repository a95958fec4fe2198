/** 资料完善 — the registration catalogue, the applicant's draft profile and its attachments. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  changedFields,
  codes,
  MAX_OTHER_ATTACHMENTS,
  normaliseProfile,
  profileProblems,
  REGISTRATION_CATALOG as CATALOG,
  SINGLE_ATTACHMENTS,
  type RegistrationProfile,
} from '../../domain/registration';
import { msg, fieldProblem } from '../../domain/text';
import { conflict, invalid, notFound } from '../errors';
import {
  applicantContext,
  attachmentView,
  currentAttachments,
  todayInChina,
  type ApplicantContext,
} from '../repos/enterprise';
import { EmailSchema, errors, IdParams, MobileSchema, Rule, StringEnum } from '../schemas';
import { readUpload, retireAttachment, saveAttachment } from '../uploads';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const DateText = (zh: string, en: string) => Rule({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, zh, en);

/** The profile body: every field optional in a draft; `additionalProperties` refused. */
export const ProfileSchema = Type.Object(
  {
    memberCategory: Type.Optional(StringEnum(codes(CATALOG.memberCategories))),
    businessType: Type.Optional(StringEnum(codes(CATALOG.businessTypes))),
    identityType: Type.Optional(StringEnum(codes(CATALOG.identityTypes))),
    enterprise: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Text(100)),
          creditCode: Type.Optional(Text(40)),
          type: Type.Optional(StringEnum(codes(CATALOG.enterpriseTypes))),
          address: Type.Optional(Text(200)),
          registeredCapital: Type.Optional(
            Rule(
              { pattern: '^\\d{1,12}(\\.\\d{1,6})?$' },
              '注册资本以万元计，应为数字，如 3050',
              'is a number of 10,000 CNY (万元), e.g. 3050',
            ),
          ),
          establishedOn: Type.Optional(DateText('成立日期格式应为 YYYY-MM-DD', 'must be a date YYYY-MM-DD')),
          businessTerm: Type.Optional(
            Rule(
              { pattern: '^(\\d{4}-\\d{2}-\\d{2}|long_term)$' },
              '营业期限应为截止日期（YYYY-MM-DD）或 long_term（长期）',
              'must be an end date YYYY-MM-DD or long_term',
            ),
          ),
          businessScope: Type.Optional(Text(2000)),
        },
        { additionalProperties: false },
      ),
    ),
    legalRepresentative: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Text(50)),
          idType: Type.Optional(StringEnum(codes(CATALOG.idTypes))),
          idNumber: Type.Optional(Text(30)),
          mobile: Type.Optional(MobileSchema),
          address: Type.Optional(Text(200)),
        },
        { additionalProperties: false },
      ),
    ),
    contact: Type.Optional(
      Type.Object(
        { name: Type.Optional(Text(50)), mobile: Type.Optional(MobileSchema), email: Type.Optional(EmailSchema) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const AttachmentSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: Type.String(),
  url: Type.String(),
});

const ProfileView = Type.Object({
  enterpriseId: Type.String(),
  entityName: Type.String(),
  enterpriseStatus: Type.String(),
  status: Type.String(),
  draft: Type.Record(Type.String(), Type.Unknown()),
  editableFields: Type.Union([Type.Array(Type.String()), Type.Null()]),
  round: Type.Integer(),
  processId: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(AttachmentSchema),
  updatedAt: Type.String(),
});

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

export default async function enterpriseProfileRoutes(app: FastifyInstance) {
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
      attachments: (await currentAttachments(app.db, ctx.enterprise.id, 'registration')).map(attachmentView),
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
        response: { 200: ProfileView, ...errors(401, 403) },
      },
    },
    async (request) => view(await applicantContext(app.db, request)),
  );

  app.put<{ Body: Static<typeof ProfileSchema> }>(
    '/api/v1/enterprise/profile',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary: '保存 — save the draft profile (may be incomplete; each given field must be valid)',
        body: ProfileSchema,
        response: { 200: ProfileView, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => {
      const draft = normaliseProfile(request.body as RegistrationProfile);
      const saved = await app.db.transaction().execute(async (trx) => {
        const ctx = await applicantContext(trx, request, true);
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
        const profile = await trx
          .updateTable('enterprise_profiles')
          .set({ draft: JSON.stringify(draft), updated_at: new Date() })
          .where('enterprise_id', '=', ctx.enterprise.id)
          .returningAll()
          .executeTakeFirstOrThrow();
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
        response: { 200: Type.Object({ items: Type.Array(AttachmentSchema) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const ctx = await applicantContext(app.db, request);
      return { items: (await currentAttachments(app.db, ctx.enterprise.id, 'registration')).map(attachmentView) };
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
      const ctx = await applicantContext(app.db, request);
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
        owner: 'registration',
        upload,
        single,
        uploadedBy: ctx.user.id,
        maxOfKind: single ? undefined : MAX_OTHER_ATTACHMENTS,
      });
      return reply.code(201).send(attachmentView(saved));
    },
  );

  app.delete<{ Params: IdParams }>(
    '/api/v1/enterprise/attachments/:id',
    {
      config: applicant,
      schema: {
        tags: ['registration'],
        summary: 'Delete an attachment while the profile is editable',
        params: IdParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const ctx = await applicantContext(app.db, request);
      const att = await app.db
        .selectFrom('attachments')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('enterprise_id', '=', ctx.enterprise.id)
        .where('owner', '=', 'registration')
        .where('status', '=', 'current')
        .executeTakeFirst();
      if (!att) throw notFound(msg('附件不存在', 'No such attachment'));
      assertEditable(ctx);
      if (
        ctx.profile.status === 'returned' &&
        !(ctx.profile.editable_fields ?? []).includes(`attachments.${att.kind}`)
      ) {
        throw conflict(
          'PROFILE_FIELDS_FROZEN',
          msg('只能更换审核人员标出的附件', 'Only the attachments marked by the reviewer may change'),
        );
      }
      await retireAttachment(app.db, att.id);
      return reply.code(204).send();
    },
  );
}

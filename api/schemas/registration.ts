/** Process 1, enterprise registration: the catalogue codes, the draft profile, submission and its status. */
import { Type } from '@sinclair/typebox';
import { codes, REGISTRATION_CATALOG as CATALOG } from '../../domain/registration';
import { AttachmentSchema } from './attachments';
import { EmailSchema, MobileSchema, Nullable, Rule, StringEnum, View } from './common';
import { TimelineEntrySchema } from './processes';

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

/** The applicant's draft profile and its attachments. */
export const ProfileViewSchema = Type.Object({
  enterpriseId: Type.String(),
  entityName: Type.String(),
  enterpriseStatus: Type.String(),
  status: Type.String(),
  draft: Type.Record(Type.String(), Type.Unknown()),
  editableFields: Nullable(Type.Array(Type.String())),
  round: Type.Integer(),
  processId: Nullable(Type.String()),
  attachments: Type.Array(AttachmentSchema),
  updatedAt: Type.String(),
});

/** `POST /enterprise/registration/submit` body. */
export const SubmitBody = Type.Object(
  {
    reviewers: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64 }), {
        minItems: 2,
        maxItems: 2,
        description: '选择人员 — login names of reviewer 1 and reviewer 2',
      }),
    ),
  },
  { additionalProperties: false },
);
/** `POST /enterprise/registration/withdraw` body. */
export const WithdrawBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

/** A submission accepted (or withdrawn): its process, status and round. */
export const SubmissionSchema = Type.Object({ processId: Type.String(), status: Type.String(), round: Type.Integer() });

/** The registration as its applicant sees it. */
export const RegistrationViewSchema = Type.Object({
  processId: Nullable(Type.String()),
  status: Type.String({ description: 'draft | in_review | returned | approved | rejected | withdrawn' }),
  step: Nullable(Type.String({ description: '业务步骤 now open' })),
  round: Type.Integer(),
  editableFields: Nullable(Type.Array(Type.String())),
  reason: Nullable(
    Type.String({ description: 'why it is returned, rejected or withdrawn; null in review and once approved' }),
  ),
  fieldReasons: Nullable(
    Type.Record(Type.String(), Type.String(), {
      description: "补正原因 — while returned: the reviewer's reason for each marked field or attachment that has one",
    }),
  ),
  submittedAt: Nullable(Type.String()),
  reviewPhone: Type.String({ description: "提交后电话联系审核 — the centre's number for the phone review" }),
  comments: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      step: Type.String(),
      department: Type.String(),
      comment: Type.String(),
      at: Type.String(),
    }),
    { description: '意见 (序号, 业务步骤, 部门, 意见)' },
  ),
  openTasks: Type.Array(Type.Object({ title: Type.String(), step: Type.String(), dueAt: Type.String() })),
  timeline: Type.Array(TimelineEntrySchema),
});

/** The codes of the registration form, each with its bilingual labels. */
export const RegistrationCatalogSchema = View(
  {},
  'Codes for member category, business type, identity type, enterprise type, ID type, attachment kinds',
);

/** A submission as reviewers read it: the profile and files as submitted, status, round, marked fields. */
export const RegistrationReviewSchema = View({
  processId: Type.String(),
  enterprise: View({ id: Type.String(), entityName: Type.String(), status: Type.String() }),
  status: Type.String(),
  step: Type.Unknown(),
  state: Type.Unknown(),
  submitted: Type.Optional(Type.Unknown()),
  /** What the round before this one submitted (null in round 1), for the reviewer's diff. */
  previous: Type.Optional(Type.Unknown()),
  editableFields: Type.Optional(Type.Unknown()),
});

/** 选择人员 — the active registration reviewers an applicant may choose: login and display name only. */
export const ReviewerDirectorySchema = Type.Object({
  items: Type.Array(View({ loginName: Type.String(), displayName: Type.String() })),
});

/** Change of enterprise information (变更): the applicant's request and its status, and the reviewers' view. */
import { Type } from '@sinclair/typebox';
import { AttachmentSchema } from './attachments';
import { Nullable, View } from './common';
import { ProfileSchema } from './registration';

/** `POST /enterprise/change/submit` body: the whole changed profile (the registration profile's fields and rules). */
export const ChangeSubmitBody = ProfileSchema;

/** A change request accepted (or withdrawn): its process, status and round. */
export const ChangeSubmissionSchema = Type.Object({
  processId: Type.String(),
  status: Type.String(),
  round: Type.Integer(),
});

const SnapshotSchema = View(
  {
    profile: Type.Record(Type.String(), Type.Unknown()),
    attachments: Type.Array(View({ id: Type.String(), kind: Type.String() })),
  },
  'a profile with its files',
);

/** The approved record, the evidence being prepared, and the latest change request with its 意见. */
export const ChangeViewSchema = Type.Object({
  enterpriseId: Type.String(),
  entityName: Type.String(),
  approved: SnapshotSchema,
  evidence: Type.Array(AttachmentSchema, {
    description: 'evidence files uploaded for the next (or the returned) request',
  }),
  request: Nullable(
    Type.Object({
      processId: Type.String(),
      status: Type.String({ description: 'in_review | returned | approved | rejected | withdrawn' }),
      step: Nullable(Type.String()),
      round: Type.Integer(),
      changedFields: Type.Array(Type.String()),
      editableFields: Nullable(Type.Array(Type.String())),
      reason: Nullable(Type.String()),
      submitted: SnapshotSchema,
      submittedAt: Type.String(),
      decidedAt: Nullable(Type.String()),
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
    }),
  ),
});

/** Reviewers: a change request as submitted, beside the approved record it changes (the same shape as a registration's review view). */
export const ChangeReviewSchema = View({
  processId: Type.String(),
  enterprise: View({ id: Type.String(), entityName: Type.String(), status: Type.String() }),
  status: Type.String(),
  step: Type.Unknown(),
  state: Type.Unknown(),
  submitted: Type.Unknown(),
  /** The approved record the request changes, for the reviewer's diff. */
  previous: Type.Unknown(),
  editableFields: Type.Optional(Type.Unknown()),
  changedFields: Type.Array(Type.String()),
});

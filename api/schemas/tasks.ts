/** Human tasks: the inbox, a task with its form, a decision. */
import { Type, type Static } from '@sinclair/typebox';
import { INBOX_SORTS, TASK_FIELD_TYPES } from '../../domain/tasks';
import { BilingualSchema, Nullable, PageQuery, StringEnum } from './common';

/** One field of a task's form. */
export const TaskFormFieldSchema = Type.Object({
  name: Type.String(),
  label: BilingualSchema,
  type: StringEnum(TASK_FIELD_TYPES),
  past: Type.Optional(Type.Boolean({ description: 'a `datetime` of something that has happened: not later than now' })),
  requiredFor: Type.Array(Type.String({ description: 'outcomes for which the field must be filled' })),
  choices: Type.Optional(Type.Array(Type.String())),
  choiceLabels: Type.Optional(Type.Array(BilingualSchema, { description: 'the label of each of `choices`, in order' })),
  secret: Type.Optional(Type.Boolean()),
  formatBy: Type.Optional(
    Type.Object(
      {
        field: Type.String(),
        formats: Type.Record(Type.String(), Type.Object({ pattern: Type.String(), hint: BilingualSchema })),
      },
      { description: 'a text whose format depends on the choice in another field: each choice’s pattern and hint' },
    ),
  ),
  reasonsOf: Type.Optional(
    Type.String({ description: 'a `reasons` field: its items must be among those chosen in this `list` field' }),
  ),
});

/** Who acted, as a record keeps it. */
export const ActorRefSchema = Type.Object({
  userId: Type.String(),
  loginName: Type.String(),
  displayName: Type.String(),
});

/** A recorded decision. */
export const DecisionSchema = Type.Object({
  taskId: Type.String(),
  kind: Type.String(),
  step: Type.String(),
  outcome: Type.String(),
  comment: Nullable(Type.String()),
  fields: Type.Record(Type.String(), Type.Unknown()),
  actor: ActorRefSchema,
  decidedAt: Type.String(),
});

/** A task as the API returns it. */
export const TaskSchema = Type.Object({
  id: Type.String(),
  processId: Type.String(),
  processType: Type.String(),
  enterpriseId: Nullable(Type.String()),
  kind: Type.String(),
  title: Type.String(),
  step: Type.String(),
  candidateRole: Type.String(),
  escalationRole: Nullable(Type.String()),
  assigneeId: Nullable(Type.String()),
  status: Type.String(),
  outcomes: Type.Array(Type.String()),
  outcomeOptions: Type.Array(
    Type.Object({ code: Type.String(), label: BilingualSchema, danger: Type.Boolean({ description: 'a refusal' }) }),
    { description: 'each of `outcomes` with its label, in order' },
  ),
  commentRequiredFor: Type.Array(Type.String()),
  form: Type.Array(TaskFormFieldSchema),
  openedAt: Type.String(),
  dueAt: Type.String(),
  overdue: Type.Boolean(),
  remindedAt: Nullable(Type.String()),
  escalatedAt: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  decision: Nullable(DecisionSchema),
});
/** A task as the API returns it. */
export type TaskView = Static<typeof TaskSchema>;

/** An inbox row: the task with the names it is shown with. */
export const InboxTaskSchema = Type.Composite([
  TaskSchema,
  Type.Object({
    enterpriseName: Nullable(Type.String({ description: "the enterprise's registered name" })),
    creditCode: Nullable(Type.String({ description: "the enterprise's unified social credit code" })),
    assigneeName: Nullable(Type.String({ description: "the assignee's display name" })),
  }),
]);
/** An inbox row as the API returns it. */
export type InboxTaskView = Static<typeof InboxTaskSchema>;

/** `GET /tasks` filters. */
export const InboxQuery = Type.Object({
  ...PageQuery,
  role: Type.Optional(Type.String({ maxLength: 32 })),
  assignee: Type.Optional(Type.String({ maxLength: 64, description: '`me` or a user ID' })),
  status: Type.Optional(StringEnum(['open', 'completed', 'cancelled'] as const, { default: 'open' })),
  dueBefore: Type.Optional(Type.String({ format: 'date-time' })),
  processId: Type.Optional(Type.String({ maxLength: 200 })),
  kind: Type.Optional(Type.String({ maxLength: 64 })),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: "text the enterprise's name or credit code contains" }),
  ),
  sort: Type.Optional(
    StringEnum(INBOX_SORTS, { default: 'due', description: '`due`: by due time; `created`: by opening time' }),
  ),
});

/** `POST /tasks/:id/complete` body. */
export const CompleteBody = Type.Object(
  {
    outcome: Type.String({ minLength: 1, maxLength: 32 }),
    comment: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    fields: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
  },
  { additionalProperties: false },
);

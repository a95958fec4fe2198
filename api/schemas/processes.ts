/** Process records: summaries, details, the comment table, the timeline; quick-input phrases. */
import { Type } from '@sinclair/typebox';
import { MAX_COMMENT_LENGTH } from '../../domain/tasks';
import { BilingualSchema, Nullable, PageQuery, View } from './common';
import { ActorRefSchema, DecisionSchema, TaskSchema } from './tasks';

/** 意见 — a row of a process's comment table. */
export const CommentSchema = Type.Object({
  seq: Type.Integer(),
  step: Type.String(),
  department: Type.String(),
  departmentLabel: BilingualSchema,
  actor: Nullable(
    Type.Object(
      { userId: Type.String(), displayName: Type.String() },
      { description: 'staff only; null for applicants' },
    ),
  ),
  text: Type.String(),
  taskId: Nullable(Type.String()),
  at: Type.String(),
});

/** A task in a process record: applicants get no assignee and no decider (`decision.actor` null). */
export const ProcessTaskSchema = Type.Object({
  ...TaskSchema.properties,
  decision: Nullable(Type.Object({ ...DecisionSchema.properties, actor: Nullable(ActorRefSchema) })),
});

/** A process in a list. */
export const ProcessSummarySchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  title: Type.String(),
  enterpriseId: Nullable(Type.String()),
  status: Type.String(),
  step: Nullable(Type.String()),
  startedAt: Type.String(),
  updatedAt: Type.String(),
  closedAt: Nullable(Type.String()),
});

/** A process with its state, open tasks, decisions and comments. */
export const ProcessDetailSchema = Type.Composite([
  ProcessSummarySchema,
  Type.Object({
    state: Type.Record(Type.String(), Type.Unknown()),
    openTasks: Type.Array(ProcessTaskSchema),
    decisions: Type.Array(ProcessTaskSchema),
    comments: Type.Array(CommentSchema),
  }),
]);

/** One line of a process's readable timeline. */
export const TimelineEntrySchema = Type.Object({
  at: Type.String(),
  kind: Type.String(),
  summary: Type.String(),
  /** The business event, in Chinese and English. */
  label: BilingualSchema,
  detail: Type.Record(Type.String(), Type.Unknown()),
});

/** A process's timeline. */
export const TimelineSchema = Type.Object({ items: Type.Array(TimelineEntrySchema) });

/** `GET /processes` filters. */
export const ProcessListQuery = Type.Object({
  ...PageQuery,
  type: Type.Optional(Type.String({ maxLength: 64 })),
  status: Type.Optional(Type.String({ maxLength: 64 })),
  enterpriseId: Type.Optional(Type.String({ maxLength: 64 })),
});

/** `POST /processes/:id/comments` body. */
export const CommentBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: MAX_COMMENT_LENGTH }) },
  { additionalProperties: false },
);

/** 快捷输入 — a stock phrase for comments. */
export const PhraseSchema = Type.Object({ id: Type.Integer(), text: Type.String(), sortOrder: Type.Integer() });
/** The phrases, in their order. */
export const PhraseListSchema = Type.Object({ items: Type.Array(PhraseSchema) });
/** A phrase as an admin writes it. */
export const PhraseBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500 }),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
/** Path parameter `:id` of a phrase. */
export const PhraseParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** A Temporal history as the Temporal CLI exports it (`{ events: [...] }`, payloads sealed), sent as made. */
export const RawHistorySchema = {
  description: 'The history as the Temporal CLI exports it',
  content: {
    // (the handler sends the JSON text the SDK makes, hence the string type on the TypeScript side)
    'application/json': { schema: Type.Unsafe<string>(View({ events: Type.Array(Type.Unknown()) })) },
  },
};

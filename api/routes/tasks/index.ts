/** The inbox and task actions: list, read, claim, unclaim, complete (decisions go to the workflow as Updates). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { claimTaskUpdate, completeTaskUpdate, unclaimTaskUpdate, type Actor } from '../../../contracts/tasks';
import { isRole } from '../../../domain/roles';
import { checkClaim, checkDecisionInput, checkEntitled, checkOpen, type Rejection } from '../../../domain/task-rules';
import { msg, fieldProblem, type Bilingual } from '../../../domain/text';
import type { TaskRow, UserRow } from '../../../platform/db/schema';
import { ApiError, forbidden, invalid, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { hasRole } from '../../../domain/roles';
import { ACTION_WAIT_MS, deliverUpdate, withinTemporalDeadline } from '../../process-calls';
import { AcceptedSchema } from '../../schemas/accepted';
import { decodeCursor, encodeCursor } from '../../cursor';
import { errors, IdParams, ListOf } from '../../schemas/common';
import {
  CompleteBody,
  DecisionSchema,
  InboxQuery,
  InboxTaskSchema,
  TaskSchema,
  type TaskView,
} from '../../schemas/tasks';
import {
  findTask,
  inbox,
  inboxSortKey,
  inboxTaskView,
  maySeeTask,
  OVERSEER_ROLES,
  taskFacts,
  taskView,
} from '../../repos/tasks';
import { bindingChangesOf } from '../../repos/bindings';

/** The binding review's task kind (workflows/binding.ts): its reasons are asked per change. */
const BINDING_REVIEW_KIND = 'binding.review';

/** How long a secret form value stays retrievable by the workflow's activities. */
const SECRET_FIELD_TTL_MS = 15 * 60_000;

function rejectionError(r: Rejection): ApiError {
  const status = {
    TaskNotFound: 404,
    TaskNotOpen: 409,
    OutcomeNotAllowed: 422,
    ActorNotEntitled: 403,
    InvalidTaskInput: 400,
  }[r.type];
  return new ApiError(status, r.type, r.message, r.fields);
}

const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const staffAccess = 'authenticated' as const;

  /** Loads a task the caller may see, or 404. */
  async function visibleTask(user: UserRow, id: string): Promise<TaskRow> {
    const task = await findTask(app.db, id);
    if (!task || !maySeeTask(user, task)) throw notFound(msg('任务不存在', 'No such task'));
    return task;
  }

  /** The task as a person reads it: a binding review's choices (its changes) by number, change and lock, not by ID. */
  async function taskDetail(task: TaskRow): Promise<TaskView> {
    const view = taskView(task);
    if (task.kind !== BINDING_REVIEW_KIND) return view;
    const rows = new Map((await bindingChangesOf(app.db, task.process_id)).map((row) => [row.id, row]));
    const named = (code: string, i: number, field: TaskView['form'][number]) => {
      const row = rows.get(code);
      if (!row) return field.choiceLabels?.[i] ?? msg(code, code);
      const change = row.change.label as Bilingual;
      return msg(
        `第 ${row.no} 项 ${change.zh}（锁号 ${row.lockNo}）`,
        `No. ${row.no}, ${change.en} (lock ${row.lockNo})`,
      );
    };
    return {
      ...view,
      form: view.form.map((field) =>
        field.choices ? { ...field, choiceLabels: field.choices.map((code, i) => named(code, i, field)) } : field,
      ),
    };
  }

  function workflowOf(task: TaskRow) {
    return app.temporal.workflow.getHandle(task.process_id);
  }

  /** Replaces the values of secret form fields by secret references. */
  async function sealSecretFields(task: TaskRow, fields: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = { ...fields };
    for (const f of task.form) {
      if (f.secret && typeof out[f.name] === 'string' && out[f.name] !== '') {
        out[f.name] = await app.secrets.put(out[f.name] as string, `task:${task.id}:${f.name}`, SECRET_FIELD_TTL_MS);
      }
    }
    return out;
  }

  app.get(
    '/api/v1/tasks',
    {
      config: { access: staffAccess },
      schema: {
        tags: ['tasks'],
        summary:
          'Inbox: tasks by due or opening time with their enterprise and assignee names, filtered by role, assignee, status, due time, enterprise name or credit code',
        querystring: InboxQuery,
        response: { 200: ListOf(InboxTaskSchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = request.user!;
      const q = request.query;
      const limit = q.limit ?? 20;
      if (q.role !== undefined && !isRole(q.role))
        throw invalid([fieldProblem('role', 'unknown_role', '没有这个角色', 'is not a role of the product')]);
      const overseer = hasRole(user, ...OVERSEER_ROLES);
      if (q.role && !overseer && !user.roles.includes(q.role)) {
        throw forbidden(msg('您不具备该角色，不能查看其待办', 'You do not hold that role'));
      }
      const assigneeId = q.assignee === 'me' ? user.id : q.assignee;
      const sort = q.sort ?? 'due';
      const cursor = decodeCursor(q.cursor, ['text', 'time', 'text']);
      // A cursor walks one order: a cursor of the other order would skip or repeat rows.
      if (cursor && cursor[0] !== sort)
        throw invalid([
          fieldProblem('cursor', 'other_sort', '分页游标属于另一种排序', 'was issued for another sort order'),
        ]);
      const rows = await inbox(app.db, {
        status: q.status ?? 'open',
        role: q.role,
        assigneeId,
        dueBefore: q.dueBefore ? new Date(q.dueBefore) : undefined,
        processId: q.processId,
        kind: q.kind,
        text: q.q,
        sort,
        visibleTo: overseer || q.role ? undefined : { roles: user.roles, userId: user.id },
        after: cursor ? [cursor[1], cursor[2]] : null,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(inboxTaskView),
        nextCursor:
          rows.length > limit && last ? encodeCursor([sort, inboxSortKey(last, sort).toISOString(), last.id]) : null,
      };
    },
  );

  app.get(
    '/api/v1/tasks/:id',
    {
      config: { access: staffAccess },
      schema: {
        tags: ['tasks'],
        summary: 'One task',
        params: IdParams,
        response: { 200: TaskSchema, ...errors(401, 404) },
      },
    },
    async (request) => taskDetail(await visibleTask(request.user!, request.params.id)),
  );

  app.post(
    '/api/v1/tasks/:id/claim',
    {
      config: { access: staffAccess },
      schema: {
        tags: ['tasks'],
        summary: 'Take a task from the pool',
        params: IdParams,
        response: { 200: TaskSchema, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const task = await visibleTask(request.user!, request.params.id);
      const actor = actorOfRequest(request);
      const problem = checkOpen(taskFacts(task)) ?? checkClaim(taskFacts(task), actor);
      if (problem) throw rejectionError(problem);
      await withinTemporalDeadline(app, () =>
        workflowOf(task).executeUpdate(claimTaskUpdate, { args: [{ taskId: task.id, actor }] }),
      );
      return taskDetail((await findTask(app.db, task.id))!);
    },
  );

  app.post(
    '/api/v1/tasks/:id/unclaim',
    {
      config: { access: staffAccess },
      schema: {
        tags: ['tasks'],
        summary: 'Give a claimed task back to the pool',
        params: IdParams,
        response: { 200: TaskSchema, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const task = await visibleTask(request.user!, request.params.id);
      const actor = actorOfRequest(request);
      const problem = checkOpen(taskFacts(task));
      if (problem) throw rejectionError(problem);
      await withinTemporalDeadline(app, () =>
        workflowOf(task).executeUpdate(unclaimTaskUpdate, { args: [{ taskId: task.id, actor }] }),
      );
      return taskDetail((await findTask(app.db, task.id))!);
    },
  );

  app.post(
    '/api/v1/tasks/:id/complete',
    {
      config: { access: staffAccess, idempotent: true },
      schema: {
        tags: ['tasks'],
        summary: 'Decide a task (honours Idempotency-Key)',
        params: IdParams,
        body: CompleteBody,
        response: { 200: DecisionSchema, 202: AcceptedSchema, ...errors(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const task = await visibleTask(request.user!, request.params.id);
      const actor: Actor = actorOfRequest(request);
      const body = request.body;
      return deliverUpdate(app, request, reply, {
        handle: workflowOf(task),
        update: completeTaskUpdate,
        waitMs: ACTION_WAIT_MS,
        prepare: async () => {
          const facts = taskFacts(task);
          const problem =
            checkOpen(facts) ?? checkEntitled(facts, actor) ?? checkDecisionInput(facts, body, Date.now());
          if (problem) throw rejectionError(problem);
          const fields = await sealSecretFields(task, body.fields ?? {});
          return [{ taskId: task.id, outcome: body.outcome, comment: body.comment ?? null, fields, actor }];
        },
        answer: (decision) => {
          request.log.info({ taskId: task.id, processId: task.process_id, outcome: decision.outcome }, 'task decided');
          return { status: 200, body: decision };
        },
      });
    },
  );
};

export default taskRoutes;

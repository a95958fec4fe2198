/** Process records: list, detail (state, open tasks, decisions, comments), timeline, raw history, comments. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { addCommentUpdate } from '../../contracts/tasks';
import { msg } from '../../domain/text';
import { AesGcmCodec } from '../../platform/codec';
import type { ProcessRow } from '../../platform/db/schema';
import { buildTimeline } from '../history';
import { conflict, notFound } from '../errors';
import { actorOfRequest, hasRole } from '../plugins/auth';
import { OVERSEER_ROLES, taskView } from '../repos/tasks';
import { decodeCursor, encodeCursor } from '../cursor';
import { errors, IdParams, ListOf } from '../schemas/common';
import {
  CommentBody,
  CommentSchema,
  ProcessDetailSchema,
  ProcessListQuery,
  ProcessSummarySchema,
  TimelineSchema,
} from '../schemas/processes';

function summary(p: ProcessRow) {
  return {
    id: p.id,
    type: p.type,
    title: p.title,
    enterpriseId: p.enterprise_id,
    status: p.status,
    step: p.step,
    startedAt: p.started_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
    closedAt: p.closed_at ? p.closed_at.toISOString() : null,
  };
}

const processRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const codec = new AesGcmCodec(app.config.codec.keys, app.config.codec.activeKeyId);

  /**
   * Loads a process the caller may see: overseers; users of the enterprise whose case it is; staff
   * holding a role that has (or had) a task in it.
   */
  async function visibleProcess(request: FastifyRequest, id: string): Promise<ProcessRow> {
    const p = await app.db.selectFrom('processes').selectAll().where('id', '=', id).executeTakeFirst();
    const user = request.user!;
    if (p) {
      if (hasRole(user, ...OVERSEER_ROLES)) return p;
      if (p.enterprise_id !== null && user.enterprise_id === p.enterprise_id) return p;
      const involved = await app.db
        .selectFrom('tasks')
        .select('id')
        .where('process_id', '=', id)
        .where((eb) =>
          eb.or([
            eb('candidate_role', 'in', user.roles.length ? user.roles : ['']),
            eb('escalation_role', 'in', user.roles.length ? user.roles : ['']),
            eb('completed_by', '=', user.id),
          ]),
        )
        .limit(1)
        .executeTakeFirst();
      if (involved) return p;
    }
    throw notFound(msg('业务流程不存在', 'No such process'));
  }

  app.get(
    '/api/v1/processes',
    {
      config: { access: ['operator', 'admin'] },
      schema: {
        tags: ['processes'],
        summary: 'List processes, newest first',
        querystring: ProcessListQuery,
        response: { 200: ListOf(ProcessSummarySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { limit = 20, cursor, type, status, enterpriseId } = request.query;
      const after = decodeCursor(cursor, 2) as [string, string] | null;
      let q = app.db.selectFrom('processes').selectAll();
      if (type) q = q.where('type', '=', type);
      if (status) q = q.where('status', '=', status);
      if (enterpriseId) q = q.where('enterprise_id', '=', enterpriseId);
      if (after) q = q.where(sql<boolean>`(started_at, id) < (${new Date(after[0])}, ${after[1]})`);
      const rows = await q
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map(summary),
        nextCursor: rows.length > limit && last ? encodeCursor([last.started_at.toISOString(), last.id]) : null,
      };
    },
  );

  app.get(
    '/api/v1/processes/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['processes'],
        summary: 'A process: state, open tasks, decisions, comments',
        params: IdParams,
        response: { 200: ProcessDetailSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const p = await visibleProcess(request, request.params.id);
      const [tasks, comments] = await Promise.all([
        app.db
          .selectFrom('tasks')
          .selectAll()
          .where('process_id', '=', p.id)
          .orderBy('opened_at')
          .orderBy('id')
          .execute(),
        app.db.selectFrom('process_comments').selectAll().where('process_id', '=', p.id).orderBy('seq').execute(),
      ]);
      return {
        ...summary(p),
        state: p.state,
        openTasks: tasks.filter((t) => t.status === 'open').map(taskView),
        decisions: tasks
          .filter((t) => t.status === 'completed')
          .sort((a, b) => (a.completed_at?.getTime() ?? 0) - (b.completed_at?.getTime() ?? 0))
          .map(taskView),
        comments: comments.map((c) => ({
          seq: c.seq,
          step: c.step,
          department: c.department,
          actor: { userId: c.actor_id, displayName: c.actor_name },
          text: c.text,
          taskId: c.task_id,
          at: c.created_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/v1/processes/:id/history',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['processes'],
        summary: 'Readable timeline from the Temporal event history',
        params: IdParams,
        response: { 200: TimelineSchema, ...errors(401, 404) },
      },
    },
    async (request) => {
      const p = await visibleProcess(request, request.params.id);
      const history = await app.temporal.workflow.getHandle(p.id).fetchHistory();
      return { items: await buildTimeline(history.events ?? [], codec) };
    },
  );

  app.get(
    '/api/v1/processes/:id/history/raw',
    {
      config: { access: ['operator', 'admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Temporal history JSON as the Temporal CLI exports it (payloads sealed)',
        params: IdParams,
        response: errors(401, 403, 404),
      },
    },
    async (request, reply) => {
      const p = await visibleProcess(request, request.params.id);
      const history = await app.temporal.workflow.getHandle(p.id).fetchHistory();
      request.log.info({ processId: p.id }, 'raw history exported');
      return reply.type('application/json; charset=utf-8').send(historyToJSON(history));
    },
  );

  app.post(
    '/api/v1/processes/:id/comments',
    {
      config: { access: 'authenticated', idempotent: true },
      schema: {
        tags: ['processes'],
        summary: '保存意见 — add a comment to the process',
        params: IdParams,
        body: CommentBody,
        response: { 201: CommentSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const p = await visibleProcess(request, request.params.id);
      const closed = () =>
        conflict(
          'PROCESS_CLOSED',
          msg('业务流程已结束，不能再添加意见', 'The process has ended; comments can no longer be added'),
        );
      if (p.closed_at) throw closed();
      const comment = await app.temporal.workflow
        .getHandle(p.id)
        .executeUpdate(addCommentUpdate, { args: [{ text: request.body.text, actor: actorOfRequest(request) }] })
        .catch((err) => {
          // (it ended a moment ago)
          throw err instanceof WorkflowNotFoundError ? closed() : err;
        });
      return reply
        .code(201)
        .send({ ...comment, actor: { userId: comment.actor.userId, displayName: comment.actor.displayName } });
    },
  );
};

export default processRoutes;

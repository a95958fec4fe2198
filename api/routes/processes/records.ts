/** Process records: list, detail (state, open tasks, decisions, comments), timeline, raw history, comments. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { WorkflowNotFoundError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { addCommentUpdate } from '../../../contracts/tasks';
import { msg } from '../../../domain/text';
import type { ProcessRow, UserRow } from '../../../platform/db/schema';
import { audienceOf, commentView, processTaskView } from '../../audience';
import { departmentLabel } from '../../business-events';
import { decodeCursor, encodeCursor } from '../../cursor';
import { conflict, forbidden, notFound } from '../../errors';
import { buildTimeline } from '../../timeline';
import { actorOfRequest } from '../../plugins/auth';
import { listProcesses, processComments, processTasks, processVisibleTo } from '../../repos/processes';
import { errors, IdParams, ListOf } from '../../schemas/common';
import {
  CommentBody,
  CommentSchema,
  ProcessDetailSchema,
  ProcessListQuery,
  ProcessSummarySchema,
  TimelineSchema,
  RawHistorySchema,
} from '../../schemas/processes';

/** A process as a list shows it. */
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

const processRecordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** A process the caller may read (the one access rule), or 404. */
  async function visibleProcess(user: UserRow, id: string) {
    const process = await processVisibleTo(app.db, user, id);
    if (!process) throw notFound(msg('业务流程不存在', 'No such process'));
    return process;
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
      const after = decodeCursor(cursor, ['time', 'text']);
      const rows = await listProcesses(app.db, { type, status, enterpriseId, after, limit: limit + 1 });
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
      const process = await visibleProcess(request.user!, request.params.id);
      const audience = audienceOf(request.user!);
      const [tasks, comments] = await Promise.all([
        processTasks(app.db, process.id),
        processComments(app.db, process.id),
      ]);
      return {
        ...summary(process),
        state: process.state,
        openTasks: tasks.filter((task) => task.status === 'open').map((task) => processTaskView(task, audience)),
        decisions: tasks
          .filter((task) => task.status === 'completed')
          .sort((a, b) => (a.completed_at?.getTime() ?? 0) - (b.completed_at?.getTime() ?? 0))
          .map((task) => processTaskView(task, audience)),
        comments: comments.map((comment) => commentView(comment, audience)),
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
      const process = await visibleProcess(request.user!, request.params.id);
      const history = await app.temporal.workflow.getHandle(process.id).fetchHistory();
      return { items: await buildTimeline(history.events ?? [], app.codec, audienceOf(request.user!)) };
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
        response: { 200: RawHistorySchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const process = await visibleProcess(request.user!, request.params.id);
      const history = await app.temporal.workflow.getHandle(process.id).fetchHistory();
      request.log.info({ processId: process.id }, 'raw history exported');
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
      const process = await visibleProcess(request.user!, request.params.id);
      if (process.entitlement !== 'comment')
        throw forbidden(msg('您不是该业务的参与人员', 'You take no part in this process'));
      const closed = () =>
        conflict(
          'PROCESS_CLOSED',
          msg('业务流程已结束，不能再添加意见', 'The process has ended; comments can no longer be added'),
        );
      if (process.closed_at) throw closed();
      const comment = await app.temporal.workflow
        .getHandle(process.id)
        .executeUpdate(addCommentUpdate, { args: [{ text: request.body.text, actor: actorOfRequest(request) }] })
        .catch((err) => {
          // (it ended a moment ago)
          throw err instanceof WorkflowNotFoundError ? closed() : err;
        });
      return reply.code(201).send({
        ...comment,
        departmentLabel: departmentLabel(comment.department),
        actor: { userId: comment.actor.userId, displayName: comment.actor.displayName },
      });
    },
  );
};

export default processRecordRoutes;

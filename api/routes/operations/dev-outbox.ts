/** Development only: the SMS and emails the product "sent", so a person can read a link or a code. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errors } from '../../schemas/common';
import { OutboxListSchema, OutboxQuery } from '../../schemas/operations';

const devOutboxRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/dev/outbox',
    {
      config: { access: ['admin', 'operator'] },
      schema: {
        tags: ['development'],
        summary: 'Messages held by the development outbox, newest first',
        querystring: OutboxQuery,
        response: { 200: OutboxListSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ items: await app.notifier.outbox(request.query.to ?? null, request.query.limit ?? 50) }),
  );
};

export default devOutboxRoutes;

/** Development only: the SMS and emails the product "sent", so a person can read a link or a code. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { errors } from '../schemas';

const Query = Type.Object({
  to: Type.Optional(Type.String({ maxLength: 254, description: 'a mobile number or an email address' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
});
const Item = Type.Object({
  channel: Type.String(),
  to: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  at: Type.String(),
});

export default async function devOutboxRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/dev/outbox',
    {
      config: { access: ['admin', 'operator'] },
      schema: {
        tags: ['development'],
        summary: 'Messages held by the development outbox, newest first',
        querystring: Query,
        response: { 200: Type.Object({ items: Type.Array(Item) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({ items: await app.notifier.outbox(request.query.to ?? null, request.query.limit ?? 50) }),
  );
}

/** 快捷输入 — stock phrases for comments: read by everyone signed in, edited by admins. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { msg } from '../../domain/text';
import { notFound } from '../errors';
import { errors } from '../schemas';

const Phrase = Type.Object({ id: Type.Integer(), text: Type.String(), sortOrder: Type.Integer() });
const PhraseBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 500 }),
    sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);
const PhraseParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const view = (p: { id: number; text: string; sort_order: number }) => ({
  id: p.id,
  text: p.text,
  sortOrder: p.sort_order,
});

export default async function commentPhraseRoutes(app: FastifyInstance) {
  app.get(
    '/api/v1/comment-phrases',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['processes'],
        summary: 'Quick-input phrases for comments',
        response: { 200: Type.Object({ items: Type.Array(Phrase) }), ...errors(401) },
      },
    },
    async () => ({
      items: (await app.db.selectFrom('comment_phrases').selectAll().orderBy('sort_order').orderBy('id').execute()).map(
        view,
      ),
    }),
  );

  app.post<{ Body: Static<typeof PhraseBody> }>(
    '/api/v1/comment-phrases',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Add a phrase',
        body: PhraseBody,
        response: { 201: Phrase, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const last = await app.db
        .selectFrom('comment_phrases')
        .select('sort_order')
        .orderBy('sort_order', 'desc')
        .limit(1)
        .executeTakeFirst();
      const row = await app.db
        .insertInto('comment_phrases')
        .values({ text: request.body.text.trim(), sort_order: request.body.sortOrder ?? (last?.sort_order ?? 0) + 10 })
        .returningAll()
        .executeTakeFirstOrThrow();
      return reply.code(201).send(view(row));
    },
  );

  app.put<{ Params: Static<typeof PhraseParams>; Body: Static<typeof PhraseBody> }>(
    '/api/v1/comment-phrases/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Change a phrase',
        params: PhraseParams,
        body: PhraseBody,
        response: { 200: Phrase, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const row = await app.db
        .updateTable('comment_phrases')
        .set({
          text: request.body.text.trim(),
          ...(request.body.sortOrder !== undefined ? { sort_order: request.body.sortOrder } : {}),
          updated_at: new Date(),
        })
        .where('id', '=', request.params.id)
        .returningAll()
        .executeTakeFirst();
      if (!row) throw notFound(msg('快捷用语不存在', 'No such phrase'));
      return view(row);
    },
  );

  app.delete<{ Params: Static<typeof PhraseParams> }>(
    '/api/v1/comment-phrases/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Remove a phrase',
        params: PhraseParams,
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const res = await app.db.deleteFrom('comment_phrases').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw notFound(msg('快捷用语不存在', 'No such phrase'));
      return reply.code(204).send();
    },
  );
}

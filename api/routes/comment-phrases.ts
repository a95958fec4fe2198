/** 快捷输入 — stock phrases for comments: read by everyone signed in, edited by admins. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { msg } from '../../domain/text';
import { notFound } from '../errors';
import { errors, NoContent } from '../schemas/common';
import { PhraseBody, PhraseListSchema, PhraseParams, PhraseSchema } from '../schemas/processes';

const view = (p: { id: number; text: string; sort_order: number }) => ({
  id: p.id,
  text: p.text,
  sortOrder: p.sort_order,
});

const commentPhraseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/comment-phrases',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['processes'],
        summary: 'Quick-input phrases for comments',
        response: { 200: PhraseListSchema, ...errors(401) },
      },
    },
    async () => ({
      items: (await app.db.selectFrom('comment_phrases').selectAll().orderBy('sort_order').orderBy('id').execute()).map(
        view,
      ),
    }),
  );

  app.post(
    '/api/v1/comment-phrases',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Add a phrase',
        body: PhraseBody,
        response: { 201: PhraseSchema, ...errors(400, 401, 403) },
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

  app.put(
    '/api/v1/comment-phrases/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Change a phrase',
        params: PhraseParams,
        body: PhraseBody,
        response: { 200: PhraseSchema, ...errors(400, 401, 403, 404) },
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

  app.delete(
    '/api/v1/comment-phrases/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['processes'],
        summary: 'Remove a phrase',
        params: PhraseParams,
        response: { 204: NoContent, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const res = await app.db.deleteFrom('comment_phrases').where('id', '=', request.params.id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw notFound(msg('快捷用语不存在', 'No such phrase'));
      return reply.code(204).send();
    },
  );
};

export default commentPhraseRoutes;

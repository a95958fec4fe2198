/** 快捷输入 — stock phrases for comments: read by everyone signed in, edited by admins. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { msg } from '../../../domain/text';
import { notFound } from '../../errors';
import { addPhrase, changePhrase, listPhrases, phraseView, removePhrase } from '../../repos/comment-phrases';
import { errors, NoContent } from '../../schemas/common';
import { PhraseBody, PhraseListSchema, PhraseParams, PhraseSchema } from '../../schemas/processes';

const NO_SUCH_PHRASE = msg('快捷用语不存在', 'No such phrase');

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
    async () => ({ items: (await listPhrases(app.db)).map(phraseView) }),
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
    async (request, reply) =>
      reply.code(201).send(phraseView(await addPhrase(app.db, request.body.text, request.body.sortOrder))),
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
      const phrase = await changePhrase(app.db, request.params.id, request.body.text, request.body.sortOrder);
      if (!phrase) throw notFound(NO_SUCH_PHRASE);
      return phraseView(phrase);
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
      if (!(await removePhrase(app.db, request.params.id))) throw notFound(NO_SUCH_PHRASE);
      return reply.code(204).send();
    },
  );
};

export default commentPhraseRoutes;

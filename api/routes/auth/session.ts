/** The session of the signed-in user: who am I, and ending it. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SESSION_COOKIE } from '../../plugins/auth';
import { revokeSession } from '../../repos/sessions';
import { userView } from '../../repos/users';
import { UserSchema } from '../../schemas/auth';
import { errors, NoContent } from '../../schemas/common';

const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'End this session', response: { 204: NoContent, ...errors(401) } },
    },
    async (request, reply) => {
      if (request.sessionToken) await revokeSession(app.db, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: UserSchema, ...errors(401) } },
    },
    async (request) => userView(request.user!),
  );
};

export default sessionRoutes;

/** Signing in: with a password, with the CA lock; the session. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import caLockRoutes from './ca-lock';
import passwordLoginRoutes from './password';
import sessionRoutes from './session';

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(passwordLoginRoutes);
  await app.register(sessionRoutes);
  await app.register(caLockRoutes);
};

export default authRoutes;

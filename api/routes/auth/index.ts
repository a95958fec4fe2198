/** Signing in: with a password, with the CA lock, with a one-time code; the session. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import caLockRoutes from './ca-lock';
import codeLoginRoutes from './code';
import passwordLoginRoutes from './password';
import sessionRoutes from './session';

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(passwordLoginRoutes);
  await app.register(sessionRoutes);
  await app.register(caLockRoutes);
  await app.register(codeLoginRoutes);
};

export default authRoutes;

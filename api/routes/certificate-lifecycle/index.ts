/** Each certificate's lifetime: the issued certificates, revocation, lost UKeys, and what the CA publishes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import certificateRoutes from './certificates';
import publicationRoutes from './publication';

const certificateLifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(publicationRoutes);
  await app.register(certificateRoutes);
};

export default certificateLifecycleRoutes;

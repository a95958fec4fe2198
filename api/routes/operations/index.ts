/** Operations: health and readiness, the codec endpoint for Temporal's UI and CLI, the development outbox. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import codecRoutes from './codec';
import devOutboxRoutes from './dev-outbox';
import healthRoutes from './health';

const operationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(healthRoutes);
  await app.register(codecRoutes);
  if (app.config.devOutbox) await app.register(devOutboxRoutes);
};

export default operationRoutes;

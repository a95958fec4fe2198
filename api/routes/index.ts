/** Registers every route module; routes mirror URLs. */
import type { FastifyInstance } from 'fastify';
import adminUserRoutes from './admin-users';
import authRoutes from './auth';
import codecRoutes from './codec';
import devOutboxRoutes from './dev-outbox';
import healthRoutes from './health';
import processRoutes from './processes';
import taskRoutes from './tasks';

export async function routes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminUserRoutes);
  await app.register(taskRoutes);
  await app.register(processRoutes);
  await app.register(codecRoutes);
  if (app.config.devOutbox) await app.register(devOutboxRoutes);
}

/** Registers every route module; routes mirror URLs. */
import type { FastifyInstance } from 'fastify';
import accountPages from './account-pages';
import accountRoutes from './accounts';
import adminUserRoutes from './admin-users';
import attachmentRoutes from './attachments';
import authRoutes from './auth';
import bindingRoutes from './bindings';
import caLoginRoutes from './ca-login';
import caOrderRoutes from './ca-orders';
import caRoutes from './ca';
import certificateRoutes from './certificates';
import codecRoutes from './codec';
import commentPhraseRoutes from './comment-phrases';
import devOutboxRoutes from './dev-outbox';
import enterpriseProfileRoutes from './enterprise-profile';
import healthRoutes from './health';
import paymentRoutes from './payments';
import processRoutes from './processes';
import productionRoutes from './production';
import registrationRoutes from './registration';
import taskRoutes from './tasks';

export async function routes(app: FastifyInstance) {
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminUserRoutes);
  await app.register(taskRoutes);
  await app.register(processRoutes);
  await app.register(codecRoutes);
  await app.register(accountRoutes);
  await app.register(accountPages);
  await app.register(enterpriseProfileRoutes);
  await app.register(registrationRoutes);
  await app.register(attachmentRoutes);
  await app.register(commentPhraseRoutes);
  await app.register(caRoutes);
  await app.register(caOrderRoutes);
  await app.register(paymentRoutes);
  await app.register(productionRoutes);
  await app.register(bindingRoutes);
  await app.register(caLoginRoutes);
  await app.register(certificateRoutes);
  if (app.config.devOutbox) await app.register(devOutboxRoutes);
}

/** Registers every route plugin: one folder per process (named as everywhere else), then the shared resources. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import adminRoutes from './admin';
import attachmentRoutes from './attachments';
import authRoutes from './auth';
import bindingRoutes from './binding';
import certificateLifecycleRoutes from './certificate-lifecycle';
import certificateOrderRoutes from './certificate-order';
import enterpriseChangeRoutes from './enterprise-change';
import certificateRenewalRoutes from './certificate-renewal';
import operationRoutes from './operations';
import processRoutes from './processes';
import registrationRoutes from './registration';
import stationRoutes from './stations';
import taskRoutes from './tasks';

/** Every route of the API. */
export const routes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(operationRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(taskRoutes);
  await app.register(processRoutes);
  await app.register(registrationRoutes);
  await app.register(attachmentRoutes);
  await app.register(certificateOrderRoutes);
  await app.register(stationRoutes);
  await app.register(bindingRoutes);
  await app.register(certificateLifecycleRoutes);
  await app.register(enterpriseChangeRoutes);
  await app.register(certificateRenewalRoutes);
};

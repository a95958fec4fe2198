/** Process 1, enterprise registration: the account, the profile and its attachments, submission and review. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import accountPages from './account-pages';
import accountRoutes from './accounts';
import profileRoutes from './profile';
import reviewerRoutes from './reviewers';
import submissionRoutes from './submission';

const registrationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(accountRoutes);
  await app.register(accountPages);
  await app.register(profileRoutes);
  await app.register(submissionRoutes);
  await app.register(reviewerRoutes);
};

export default registrationRoutes;

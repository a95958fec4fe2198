/** 选择人员 — the directory of registration reviewers an applicant chooses from when submitting. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { registrationReviewers } from '../../repos/registration';
import { errors } from '../../schemas/common';
import { ReviewerDirectorySchema } from '../../schemas/registration';

const reviewerRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/reviewers',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['registration'],
        summary: '选择人员 — the active registration reviewers: login and display name only',
        response: { 200: ReviewerDirectorySchema, ...errors(401) },
      },
    },
    async () => ({ items: await registrationReviewers(app.db) }),
  );
};

export default reviewerRoutes;

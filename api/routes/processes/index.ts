/** Process records of every process, and the stock phrases their comments use. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import commentPhraseRoutes from './comment-phrases';
import processRecordRoutes from './records';

const processRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(processRecordRoutes);
  await app.register(commentPhraseRoutes);
};

export default processRoutes;

/** What the built-in CA publishes: its root certificate (the trust anchor of every UKey certificate). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

const caRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/ca/root.pem',
    {
      config: { access: 'public' },
      schema: { tags: ['ca'], summary: 'The root certificate of the built-in CA (PEM)' },
    },
    async (_request, reply) =>
      reply
        .type('application/x-pem-file')
        .header('content-disposition', 'inline; filename="root.pem"')
        .send(app.ca.rootCertificatePem()),
  );
};

export default caRoutes;

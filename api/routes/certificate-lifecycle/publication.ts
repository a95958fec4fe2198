/** What the built-in CA publishes: its root certificate (the trust anchor of every UKey certificate) and its CRL. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RevokeInput } from '../../../contracts/certificate-lifecycle';
import { revokedCertificates } from '../../repos/certificates';
import { FileAnswer } from '../../schemas/common';

const publicationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/ca/root.pem',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ca'],
        summary: 'The root certificate of the built-in CA (PEM)',
        response: { 200: FileAnswer('The root certificate', 'application/x-pem-file') },
      },
    },
    async (_request, reply) =>
      reply
        .type('application/x-pem-file')
        .header('content-disposition', 'inline; filename="root.pem"')
        .send(app.ca.rootCertificatePem()),
  );

  app.get(
    '/api/v1/ca/crl',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ca'],
        summary: 'The certificate revocation list of the built-in CA (DER)',
        response: { 200: FileAnswer('The CRL', 'application/pkix-crl') },
      },
    },
    async (_request, reply) => {
      const revoked = await revokedCertificates(app.db);
      const now = new Date();
      const crl = await app.ca.crl(
        revoked.map((c) => ({
          serialHex: c.serial_hex,
          revokedAt: c.revoked_at!,
          reason: (c.revocation_reason ?? 'unspecified') as RevokeInput['reason'],
        })),
        { thisUpdate: now, nextUpdate: new Date(now.getTime() + 86_400_000) },
      );
      return reply.type('application/pkix-crl').header('cache-control', 'public, max-age=60').send(crl);
    },
  );
};

export default publicationRoutes;

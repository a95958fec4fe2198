/** 选择服务 — the certificate services on offer; admins add and change them. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { msg } from '../../../domain/text';
import { notFound } from '../../errors';
import { activeServices, addService, changeService, serviceView } from '../../repos/catalog';
import { ServiceBody, ServiceListSchema, ServiceSchema } from '../../schemas/certificate-order';
import { errors, IdParams } from '../../schemas/common';

const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/ca/catalog',
    {
      config: { access: 'public' },
      schema: {
        tags: ['ca'],
        summary: '选择服务 — the certificate services on offer',
        response: { 200: ServiceListSchema },
      },
    },
    async () => ({ items: (await activeServices(app.db)).map(serviceView) }),
  );

  app.post(
    '/api/v1/ca/catalog',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['ca'],
        summary: 'Add a service',
        body: ServiceBody,
        response: { 201: ServiceSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => reply.code(201).send(serviceView(await addService(app.db, request.body))),
  );

  app.put(
    '/api/v1/ca/catalog/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['ca'],
        summary: 'Change a service (orders keep the price they were placed at)',
        params: IdParams,
        body: ServiceBody,
        response: { 200: ServiceSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const service = await changeService(app.db, request.params.id, request.body);
      if (!service) throw notFound(msg('服务不存在', 'No such service'));
      return serviceView(service);
    },
  );
};

export default catalogRoutes;

/** Processes 2 and 3, the certificate order: catalogue, orders, materials, payments, UKey production. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import catalogRoutes from './catalog';
import deliveryRoutes from './delivery';
import materialRoutes from './materials';
import orderRoutes from './orders';
import paymentRoutes from './payments';
import productionRoutes from './production';

const certificateOrderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(catalogRoutes);
  await app.register(orderRoutes);
  await app.register(materialRoutes);
  await app.register(paymentRoutes);
  await app.register(productionRoutes);
  await app.register(deliveryRoutes);
};

export default certificateOrderRoutes;

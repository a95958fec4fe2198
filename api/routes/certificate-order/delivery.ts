/**
 * The delivery of an order's UKeys (物流信息, 我的签收): the enterprise's dispatched orders, and 确认签收.
 * The CA administrator's dispatch is the order's `order.dispatch` task, decided through /tasks.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { confirmReceiptUpdate } from '../../../contracts/delivery';
import { CARRIER_LABELS } from '../../../domain/delivery';
import { msg } from '../../../domain/text';
import { conflict, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { withinTemporalDeadline } from '../../process-calls';
import { enterpriseDeliveries, findDelivery } from '../../repos/deliveries';
import { ownOrder } from '../../repos/orders';
import { DeliveryListSchema, DeliverySchema } from '../../schemas/delivery';
import { errors, IdParams } from '../../schemas/common';

const deliveryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/ca/deliveries',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['ca'],
        summary: '我的签收 — the enterprise’s orders whose UKeys were dispatched or set aside for pickup',
        response: { 200: DeliveryListSchema, ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await enterpriseDeliveries(app.db, request.user!.enterprise_id!) }),
  );

  app.post(
    '/api/v1/ca/orders/:id/receipt',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['ca'],
        summary: '确认签收 — the ordering enterprise confirms its UKeys arrived (honours Idempotency-Key)',
        params: IdParams,
        response: { 200: DeliverySchema, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const order = await ownOrder(app.db, request.user!, request.params.id);
      if (!order) throw notFound(msg('订单不存在', 'No such order'));
      const delivery = await findDelivery(app.db, order.id);
      if (!delivery || delivery.status === 'awaiting_dispatch')
        throw conflict(
          'NOT_DISPATCHED',
          msg('UKey 尚未发货，不能签收', 'The UKeys have not been dispatched yet, so receipt cannot be confirmed'),
        );
      const state = await withinTemporalDeadline(app, () =>
        app.temporal.workflow.getHandle(order.process_id).executeUpdate(confirmReceiptUpdate, {
          args: [{ actor: actorOfRequest(request) }],
          updateId: idempotencyId(request),
        }),
      );
      return { ...state, carrierLabel: state.carrier ? (CARRIER_LABELS[state.carrier] ?? null) : null };
    },
  );
};

export default deliveryRoutes;

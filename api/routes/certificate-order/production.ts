/**
 * Process 3 (guide part 三): 待制作证书, making one UKey with the authorisation code, and re-issuing
 * the code.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { makeTokenUpdate, reissueAuthCodeUpdate } from '../../../contracts/certificate-order';
import { fieldProblem, msg } from '../../../domain/text';
import { authCodeMatches } from '../../../platform/seal';
import type { FastifyBaseLogger } from 'fastify';
import type { OrderRow } from '../../../platform/db/schema';
import { conflict, invalid, notFound } from '../../errors';
import { actorOfRequest } from '../../plugins/auth';
import { idempotencyId } from '../../plugins/idempotency';
import { ACTION_WAIT_MS, deliverUpdate } from '../../process-calls';
import { AcceptedSchema } from '../../schemas/accepted';
import { countWrongAuthCode, orderProcessId, ownOrder, productionQueue } from '../../repos/orders';
import { stationPresence } from '../../repos/stations';
import {
  AuthCodeReissuedSchema,
  MakeUKeyBody,
  ProductionQueueSchema,
  UKeyMadeSchema,
} from '../../schemas/certificate-order';
import { errors, IdParams } from '../../schemas/common';
import { stationFailureError } from '../../station-calls';

const AUTH_CODE_LOCKED = msg(
  '授权码输错次数过多已锁定，请联系 CA 管理员重新下发',
  'The authorisation code is locked after too many wrong attempts; ask the CA administrator to re-issue it',
);

const productionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Refuses making a UKey for an order not approved, a code locked, expired or wrong, or a station not there. */
  async function checkMayMake(order: OrderRow, authCode: string, stationId: string, log: FastifyBaseLogger) {
    if (order.status !== 'approved' && order.status !== 'in_production')
      throw conflict(
        'NOT_APPROVED',
        msg('订单尚未审核通过，不能制证', `UKeys cannot be made while the order is ${order.status}`),
      );
    if (order.auth_code_locked_at) throw conflict('AUTH_CODE_LOCKED', AUTH_CODE_LOCKED);
    if (!order.auth_code_hash || !order.auth_code_expires_at || order.auth_code_expires_at.getTime() < Date.now()) {
      throw invalid([
        fieldProblem(
          'authCode',
          'expired',
          '授权码已过期，请联系 CA 管理员重新下发',
          'the authorisation code has expired; ask for a new one',
        ),
      ]);
    }
    if (!authCodeMatches(app.config.secretStoreKey, order.id, authCode, order.auth_code_hash)) {
      const max = app.config.orders.authCodeMaxFailures;
      const counted = await countWrongAuthCode(app.db, order.id, max);
      log.warn({ orderId: order.id, failures: counted.failures }, 'wrong authorisation code');
      if (counted.locked)
        throw conflict(
          'AUTH_CODE_LOCKED',
          msg(
            '授权码输错次数过多已锁定，请联系 CA 管理员重新下发',
            'The authorisation code is now locked after too many wrong attempts',
          ),
        );
      const left = max - counted.failures;
      throw invalid([
        fieldProblem(
          'authCode',
          'wrong',
          `授权码不正确，还可尝试 ${left} 次`,
          `wrong authorisation code; ${left} ${left === 1 ? 'attempt' : 'attempts'} left`,
        ),
      ]);
    }
    const presence = await stationPresence(app.db, stationId);
    if (presence === 'unknown')
      throw invalid([fieldProblem('stationId', 'unknown', '制证工作站不存在', 'there is no such token station')]);
    if (presence === 'offline')
      throw invalid([fieldProblem('stationId', 'offline', '制证工作站不在线', 'the token station is not online')]);
  }

  app.get(
    '/api/v1/ca/production',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['production'],
        summary: '待制作证书 — approved orders with UKeys still to make',
        response: { 200: ProductionQueueSchema, ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await productionQueue(app.db, request.user!.enterprise_id ?? '') }),
  );

  app.post(
    '/api/v1/ca/orders/:id/tokens',
    {
      config: { access: ['applicant'], idempotent: true },
      schema: {
        tags: ['production'],
        summary:
          '制证 — make one UKey on a station token with the authorisation code; waits for it (201 made, 202 still running)',
        params: IdParams,
        body: MakeUKeyBody,
        response: { 201: UKeyMadeSchema, 202: AcceptedSchema, ...errors(400, 401, 404, 409, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const order = await ownOrder(app.db, request.user!, request.params.id);
      if (!order) throw notFound(msg('订单不存在', 'No such order'));
      const itemId = idempotencyId(request) ?? randomUUID();
      // The Update answers when the UKey is made (or failed); past the wait the answer is 202 and the work goes on.
      return deliverUpdate(app, request, reply, {
        handle: app.temporal.workflow.getHandle(order.process_id),
        update: makeTokenUpdate,
        updateId: `make-${itemId}`,
        waitMs: app.config.orders.productionWaitMs,
        pending: { itemId, status: 'in_progress' },
        prepare: async () => {
          await checkMayMake(order, body.authCode, body.stationId, request.log);
          // (no model declared: the station records the one the token reports; a declared one must fit it)
          return [
            {
              itemId,
              stationId: body.stationId,
              tokenSerial: body.tokenSerial.trim(),
              ukeyModel: body.ukeyModel?.trim() ?? '',
              actor: actorOfRequest(request),
            },
          ];
        },
        answer: (item) => {
          if (item.step === 'failed')
            throw stationFailureError(item.failure ?? { type: null, message: item.error ?? '', details: null }, 'make');
          return {
            status: 201,
            body: {
              itemId,
              status: 'done',
              tokenSerial: item.tokenSerial,
              certificateSerial: item.certificateSerial,
              remaining: item.remaining,
            },
          };
        },
      });
    },
  );

  app.post(
    '/api/v1/ca/orders/:id/auth-code/reissue',
    {
      config: { access: ['ca_admin'], idempotent: true },
      schema: {
        tags: ['production'],
        summary:
          'Re-issue the authorisation code (new code by SMS; unlocks after too many failures; honours Idempotency-Key)',
        params: IdParams,
        response: { 200: AuthCodeReissuedSchema, 202: AcceptedSchema, ...errors(401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const processId = await orderProcessId(app.db, request.params.id);
      if (!processId) throw notFound(msg('订单不存在', 'No such order'));
      return deliverUpdate(app, request, reply, {
        handle: app.temporal.workflow.getHandle(processId),
        update: reissueAuthCodeUpdate,
        waitMs: ACTION_WAIT_MS,
        prepare: async () => [{ actor: actorOfRequest(request) }],
        answer: (state) => ({ status: 200, body: { authCodeExpiresAt: state.authCodeExpiresAt } }),
      });
    },
  );
};

export default productionRoutes;

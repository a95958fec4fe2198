/**
 * Process 3 (guide part 三): 待制作证书, making one UKey with the authorisation code, re-issuing the
 * code, and the token stations (which tokens are inserted — each caller sees only what it may).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { makeTokenUpdate, reissueAuthCodeUpdate } from '../../contracts/certificate-order';
import { StationFailure, type StationToken } from '../../contracts/station';
import type { Role } from '../../domain/roles';
import { msg, fieldProblem } from '../../domain/text';
import { authCodeMatches } from '../../platform/seal';
import { ApiError, conflict, invalid, notFound } from '../errors';
import { actorOfRequest, hasRole } from '../plugins/auth';
import { idempotencyId } from '../plugins/idempotency';
import { MakeUKeyBody } from '../schemas/certificate-order';
import { errors, IdParams } from '../schemas/common';
import { StationListQuery } from '../schemas/stations';
import { callStation, STATION_ONLINE_MS as ONLINE_MS } from '../stations';

/** Bilingual wording of a failed UKey by what went wrong. */
function failure(error: string | null): ApiError {
  const e = error ?? '';
  if (/TOKEN_NOT_BLANK|not blank/i.test(e))
    return conflict(
      'TOKEN_NOT_BLANK',
      msg(
        '该 UKey 不是空白锁（已有密钥或证书），请插入新的空白 UKey',
        'The token is not blank (it holds a key or certificate); insert a new blank UKey',
      ),
    );
  if (/TOKEN_NOT_FOUND|not found/i.test(e))
    return conflict(
      'TOKEN_NOT_FOUND',
      msg('工作站上没有找到该 UKey，请确认已插入', 'The token is not in the station; check it is inserted'),
    );
  // (the station's refusal names the model the token reports)
  const model = /reports model "([^"]*)"/.exec(e)?.[1];
  if (model !== undefined) {
    return new ApiError(
      422,
      StationFailure.UkeyModelMismatch,
      msg('UKey 型号与工作站读到的不一致', 'The UKey model differs from the one the token reports'),
      [
        fieldProblem(
          'ukeyModel',
          'mismatch',
          `该 UKey 的型号为“${model}”`,
          `the token reports its model as "${model}"`,
        ),
      ],
    );
  }
  if (/PIN_LOCKED/i.test(e))
    return conflict('TOKEN_PIN_LOCKED', msg('UKey 的 PIN 已锁定', 'The token’s PIN is locked'));
  if (/PIN_INCORRECT/i.test(e))
    return conflict(
      'TOKEN_PIN_INCORRECT',
      msg('UKey 出厂 PIN 不正确，请联系客服', 'The token’s factory PIN was refused; contact support'),
    );
  if (/ScheduleToStart|schedule.to.start/i.test(e))
    return conflict('STATION_OFFLINE', msg('制证工作站未响应', 'The token station did not answer'));
  return conflict('UKEY_FAILED', msg(`制证失败：${e}`, `Making the UKey failed: ${e}`));
}

/** Who may see every token at a station: the CA desk. */
const CA_DESK: Role[] = ['ca_admin', 'operator', 'admin'];
/** Who may look at stations at all: the CA desk, and applicants (to make their UKeys and read their locks). */
const STATION_READERS: Role[] = [...CA_DESK, 'applicant'];

const productionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/v1/ca/production',
    {
      config: { access: ['applicant'] },
      schema: {
        tags: ['production'],
        summary: '待制作证书 — approved orders with UKeys still to make',
        response: errors(401, 403),
      },
    },
    async (request) => {
      const rows = await app.db
        .selectFrom('ca_orders')
        .innerJoin('enterprises', 'enterprises.id', 'ca_orders.enterprise_id')
        .select([
          'ca_orders.id',
          'ca_orders.order_no',
          'ca_orders.service',
          'ca_orders.created_at',
          'ca_orders.unit_price_fen',
          'ca_orders.quantity',
          'enterprises.entity_name',
          sql<number>`(select count(*) from order_tokens t where t.order_id = ca_orders.id and t.status = 'done')::int`.as(
            'made',
          ),
        ])
        .where('ca_orders.enterprise_id', '=', request.user!.enterprise_id ?? '')
        .where('ca_orders.status', 'in', ['approved', 'in_production'])
        .where('ca_orders.deleted_at', 'is', null)
        .orderBy('ca_orders.created_at')
        .execute();
      return {
        items: rows
          .filter((r) => r.quantity - r.made > 0)
          .map((r) => ({
            orderId: r.id,
            orderName: (r.service as { name: string }).name,
            company: r.entity_name,
            orderNo: r.order_no,
            orderedAt: r.created_at.toISOString(),
            unitPriceFen: r.unit_price_fen,
            quantity: r.quantity,
            remaining: r.quantity - r.made,
            serviceType: '新领',
          })),
      };
    },
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
        response: errors(400, 401, 404, 409, 422, 429),
      },
    },
    async (request, reply) => {
      const b = request.body;
      const order = await app.db
        .selectFrom('ca_orders')
        .selectAll()
        .where('id', '=', request.params.id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!order || order.enterprise_id !== request.user!.enterprise_id)
        throw notFound(msg('订单不存在', 'No such order'));
      if (order.status !== 'approved' && order.status !== 'in_production')
        throw conflict(
          'NOT_APPROVED',
          msg('订单尚未审核通过，不能制证', `UKeys cannot be made while the order is ${order.status}`),
        );
      if (order.auth_code_locked_at)
        throw conflict(
          'AUTH_CODE_LOCKED',
          msg(
            '授权码输错次数过多已锁定，请联系 CA 管理员重新下发',
            'The authorisation code is locked after too many wrong attempts; ask the CA administrator to re-issue it',
          ),
        );
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
      if (!authCodeMatches(app.config.secretStoreKey, order.id, b.authCode, order.auth_code_hash)) {
        const max = app.config.orders.authCodeMaxFailures;
        const counted = await app.db
          .updateTable('ca_orders')
          .set({
            auth_code_failures: sql`auth_code_failures + 1`,
            auth_code_locked_at: sql`case when auth_code_failures + 1 >= ${max} then now() else auth_code_locked_at end`,
          })
          .where('id', '=', order.id)
          .returning(['auth_code_failures', 'auth_code_locked_at'])
          .executeTakeFirstOrThrow();
        request.log.warn({ orderId: order.id, failures: counted.auth_code_failures }, 'wrong authorisation code');
        if (counted.auth_code_locked_at)
          throw conflict(
            'AUTH_CODE_LOCKED',
            msg(
              '授权码输错次数过多已锁定，请联系 CA 管理员重新下发',
              'The authorisation code is now locked after too many wrong attempts',
            ),
          );
        const left = max - counted.auth_code_failures;
        throw invalid([
          fieldProblem(
            'authCode',
            'wrong',
            `授权码不正确，还可尝试 ${left} 次`,
            `wrong authorisation code; ${left} ${left === 1 ? 'attempt' : 'attempts'} left`,
          ),
        ]);
      }
      const station = await app.db
        .selectFrom('stations')
        .select(['id', 'last_seen_at'])
        .where('id', '=', b.stationId)
        .executeTakeFirst();
      if (!station)
        throw invalid([fieldProblem('stationId', 'unknown', '制证工作站不存在', 'there is no such token station')]);
      if (station.last_seen_at.getTime() < Date.now() - ONLINE_MS) {
        throw invalid([fieldProblem('stationId', 'offline', '制证工作站不在线', 'the token station is not online')]);
      }
      const itemId = idempotencyId(request) ?? randomUUID();
      const handle = app.temporal.workflow.getHandle(order.process_id);
      // (no model declared: the station records the one the token reports; a declared one must fit it)
      const args = [
        {
          itemId,
          stationId: b.stationId,
          tokenSerial: b.tokenSerial.trim(),
          ukeyModel: b.ukeyModel?.trim() ?? '',
          actor: actorOfRequest(request),
        },
      ] as const;
      // The Update answers when the UKey is made (or failed); past the wait the answer is 202 and the work goes on.
      let item;
      try {
        item = await app.temporal.withAbortSignal(AbortSignal.timeout(app.config.orders.productionWaitMs), () =>
          handle.executeUpdate(makeTokenUpdate, { args: [...args], updateId: `make-${itemId}` }),
        );
      } catch (err) {
        if ((err as Error).name !== 'AbortError' && !/abort/i.test((err as Error).message)) throw err;
        return reply.code(202).send({ itemId, status: 'in_progress' });
      }
      if (item.step === 'failed') throw failure(item.error);
      return reply.code(201).send({
        itemId,
        status: 'done',
        tokenSerial: item.tokenSerial,
        certificateSerial: item.certificateSerial,
        remaining: item.remaining,
      });
    },
  );

  app.post(
    '/api/v1/ca/orders/:id/auth-code/reissue',
    {
      config: { access: ['ca_admin'] },
      schema: {
        tags: ['production'],
        summary: 'Re-issue the authorisation code (new code by SMS; unlocks after too many failures)',
        params: IdParams,
        response: errors(401, 403, 404, 409),
      },
    },
    async (request) => {
      const order = await app.db
        .selectFrom('ca_orders')
        .select('process_id')
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!order) throw notFound(msg('订单不存在', 'No such order'));
      const state = await app.temporal.workflow
        .getHandle(order.process_id)
        .executeUpdate(reissueAuthCodeUpdate, { args: [{ actor: actorOfRequest(request) }] });
      return { authCodeExpiresAt: state.authCodeExpiresAt };
    },
  );

  app.get(
    '/api/v1/stations',
    {
      config: { access: STATION_READERS },
      schema: {
        tags: ['production'],
        summary:
          'Token stations online (`?all=true` includes offline ones); the CA desk (ca_admin, operator, admin) and applicants',
        querystring: StationListQuery,
        response: errors(401, 403),
      },
    },
    async (request) => {
      let q = app.db.selectFrom('stations').selectAll();
      if (!request.query.all) q = q.where('last_seen_at', '>', new Date(Date.now() - ONLINE_MS));
      const rows = await q.orderBy('id').execute();
      const desk = hasRole(request.user, ...CA_DESK);
      return {
        items: rows.map((s) => ({
          id: s.id,
          name: s.name,
          // (where the PKCS#11 library lives is the desk's business)
          ...(desk ? { module: s.module_path } : {}),
          lastSeenAt: s.last_seen_at.toISOString(),
          online: s.last_seen_at.getTime() > Date.now() - ONLINE_MS,
        })),
      };
    },
  );

  app.get(
    '/api/v1/stations/:id/tokens',
    {
      config: { access: STATION_READERS },
      schema: {
        tags: ['production'],
        summary:
          'The tokens in a station’s readers now (serial, label, model, blank, certificate, PIN attempts left): all of them for the CA desk (ca_admin, operator, admin); for an applicant only blank tokens and those holding its own enterprise’s certificate',
        params: IdParams,
        response: errors(401, 403, 404, 409),
      },
    },
    async (request) => {
      const tokens = await callStation<StationToken[]>(app, request.params.id, { op: 'listTokens' });
      if (hasRole(request.user, ...CA_DESK)) return { items: tokens };
      const serials = tokens.flatMap((t) => (t.certificateSerial ? [t.certificateSerial] : []));
      const own = new Set(
        serials.length === 0
          ? []
          : (
              await app.db
                .selectFrom('certificates')
                .select('serial_hex')
                .where('enterprise_id', '=', request.user!.enterprise_id ?? '')
                .where('serial_hex', 'in', serials)
                .execute()
            ).map((c) => c.serial_hex),
      );
      return { items: tokens.filter((t) => t.blank || (t.certificateSerial !== null && own.has(t.certificateSerial))) };
    },
  );
};

export default productionRoutes;

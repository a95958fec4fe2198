/**
 * `Idempotency-Key` for mutations a person may retry (routes with `config.idempotent`): the first
 * request with a key is executed and its answer stored; a repeat gets the same answer without a
 * second effect; the same key with a different request is refused.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { msg, fieldProblem } from '../../domain/text';
import { sha256 } from '../../platform/seal';
import { ApiError, conflict, invalid } from '../errors';
import { claimKey, findKey, releaseKey, storeAnswer } from '../repos/idempotency-keys';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** Set when this request carries a fresh idempotency key. */
    idempotency: { scope: string; key: string } | null;
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The key of the request, as a stable ID for deduplicating downstream (e.g. a Temporal update ID). */
export function idempotencyId(request: FastifyRequest): string | undefined {
  return request.idempotency
    ? sha256(`${request.idempotency.scope}\n${request.idempotency.key}`).slice(0, 32)
    : undefined;
}

/** Installs the idempotency hooks. */
export const idempotencyPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('idempotency', null);

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.routeOptions.config?.idempotent) return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!KEY_PATTERN.test(key)) {
      throw invalid([
        fieldProblem(
          'Idempotency-Key',
          'pattern',
          '应为 1–255 个可见 ASCII 字符',
          'must be 1–255 visible ASCII characters',
        ),
      ]);
    }
    const scope = request.user ? request.user.id : `anonymous:${request.ip}`;
    const route = `${request.method} ${request.url}`;
    const hash = sha256(`${route}\n${JSON.stringify(request.body ?? null)}`);
    const claimed = await claimKey(app.db, { scope, key, route, hash });
    if (claimed) {
      request.idempotency = { scope, key };
      return;
    }
    const prior = await findKey(app.db, scope, key);
    if (prior.request_hash !== hash) {
      throw new ApiError(
        422,
        'IDEMPOTENCY_KEY_REUSED',
        msg('该幂等键已用于另一个请求', 'This Idempotency-Key was used for a different request'),
        [fieldProblem('Idempotency-Key', 'reused', '已用于另一个请求', 'was used for a different request')],
      );
    }
    if (prior.status_code === null) {
      throw conflict(
        'REQUEST_IN_PROGRESS',
        msg('相同的请求正在处理中，请稍后重试', 'The same request is still being processed; retry shortly'),
      );
    }
    return reply
      .code(prior.status_code)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(prior.response);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const id = request.idempotency;
    if (!id) return payload;
    request.idempotency = null;
    if (reply.statusCode >= 500) await releaseKey(app.db, id.scope, id.key);
    else
      await storeAnswer(
        app.db,
        id.scope,
        id.key,
        reply.statusCode,
        typeof payload === 'string' ? payload : JSON.stringify(payload ?? null),
      );
    return payload;
  });
});

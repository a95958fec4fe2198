/**
 * `Idempotency-Key` for mutations a person may retry (routes with `config.idempotent`): the first
 * request with a key is executed and its answer stored; a repeat gets the same answer without a
 * second effect; the same key with a different request is refused. While the request runs, its API
 * process renews a short lease on the key: a repeat meanwhile hears that it is still running (202 where
 * the route documents that 202, else 409 `REQUEST_IN_PROGRESS`, each with `Retry-After`), and a repeat after
 * the lease ran out (the process died) takes the request over — under the same key, so the same
 * Temporal Update ID, which Temporal deduplicates.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { msg, fieldProblem } from '../../domain/text';
import type { Db } from '../../platform/db';
import { sha256 } from '../../platform/seal';
import { ApiError, invalid } from '../errors';
import { AcceptedSchema } from '../schemas/accepted';
import { CLAIM_LEASE_MS, claimKey, findKey, releaseKey, renewClaim, storeAnswer } from '../repos/idempotency-keys';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** Set when this request holds an idempotency key. */
    idempotency: KeyClaim | null;
  }
}

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The answer of a request still running, by its key. */
export const STILL_RUNNING = msg(
  '相同的请求正在处理中，请稍后使用相同的幂等键重试',
  'The same request is still being processed; retry shortly with the same Idempotency-Key',
);

/** A key held by this request, with the lease its API process renews until the answer is stored. */
export class KeyClaim {
  private renewal: NodeJS.Timeout | null;
  private deferred = false;

  constructor(
    private readonly db: Db,
    readonly scope: string,
    readonly key: string,
    /** True when this request takes over one that died unanswered: its work may already have been done. */
    readonly takenOver: boolean,
  ) {
    this.renewal = setInterval(() => void renewClaim(db, scope, key).catch(() => undefined), CLAIM_LEASE_MS / 3);
    this.renewal.unref();
  }

  /** A stable ID for deduplicating downstream: the Temporal Update ID of the request's work. */
  get id(): string {
    return sha256(`${this.scope}\n${this.key}`).slice(0, 32);
  }

  /** The route answers 202 now and stores the final answer by `settle` later: the claim stays held. */
  defer(): void {
    this.deferred = true;
  }

  /** True once `defer` was called. */
  get isDeferred(): boolean {
    return this.deferred;
  }

  /** Stores the final answer (a retry gets it) and lets the key go. */
  async settle(statusCode: number, body: string): Promise<void> {
    this.stopRenewing();
    await storeAnswer(this.db, this.scope, this.key, statusCode, body);
  }

  /** Stores the interim (202) answer a retry gets while the deferred request runs. */
  async interim(body: string): Promise<void> {
    await storeAnswer(this.db, this.scope, this.key, null, body);
  }

  /** Gives the key up unanswered: the request failed on the server's side, and a retry may run it again. */
  async release(): Promise<void> {
    this.stopRenewing();
    await releaseKey(this.db, this.scope, this.key);
  }

  private stopRenewing() {
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = null;
  }
}

/** The key of the request, as a stable ID for deduplicating downstream (e.g. a Temporal update ID). */
export function idempotencyId(request: FastifyRequest): string | undefined {
  return request.idempotency?.id;
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
      request.idempotency = new KeyClaim(app.db, scope, key, claimed === 'taken-over');
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
      const retryAfter = String(Math.max(1, Math.ceil((prior.lease_until.getTime() - Date.now()) / 1000)));
      // (202 only where the route's own 202 means "still running"; elsewhere a 202 is a final answer)
      const answers202 =
        (request.routeOptions.schema?.response as Record<string, unknown> | undefined)?.[202] === AcceptedSchema;
      if (!answers202)
        throw new ApiError(409, 'REQUEST_IN_PROGRESS', STILL_RUNNING, undefined, { 'retry-after': retryAfter });
      return reply
        .code(202)
        .headers({ 'retry-after': retryAfter, location: request.url, 'idempotency-key': key })
        .type('application/json; charset=utf-8')
        .send(prior.response ?? JSON.stringify({ status: 'in_progress', message: STILL_RUNNING }));
    }
    return reply
      .code(prior.status_code)
      .header('idempotent-replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(prior.response);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload ?? null);
    if (reply.statusCode >= 500) await claim.release();
    else if (reply.statusCode === 202 && claim.isDeferred) await claim.interim(body);
    else await claim.settle(reply.statusCode, body);
    return payload;
  });

  app.addHook('onResponse', async (request) => {
    // (a request that ended without a reply being sent, e.g. the client went away before the route answered)
    if (request.idempotency && !request.idempotency.isDeferred) await request.idempotency.release();
  });
});

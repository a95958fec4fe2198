/**
 * Calls from a route to a process's workflow that a person waits on, answered within the route's wait:
 * the result when it comes in time; 202 with the same key to retry when the work goes on past the wait
 * (a retry with the key gets the finished result); 503 with `Retry-After` within seconds when the
 * Temporal service does not answer at all. A request that takes over one that died (idempotency.ts)
 * first asks Temporal for the outcome of the Update it may already have sent under the same ID.
 */
import {
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  type Workflow,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { msg } from '../domain/text';
import { ApiError } from './errors';
import { fromUpdateFailure } from './plugins/error-handler';
import { STILL_RUNNING } from './plugins/idempotency';

/** How long a person waits for a decision or another short action on a process before hearing 202. */
export const ACTION_WAIT_MS = 10_000;

/** After this long without an answer, the Temporal service is asked whether it is there at all. */
const PROBE_AFTER_MS = 1_000;
/** How long the Temporal service has to answer that question. */
const PROBE_DEADLINE_MS = 1_500;
/** How long a call to Temporal that no person waits on past its 202 may run before it is given up. */
const BACKGROUND_LIMIT_MS = 10 * 60_000;
/** What a client is told to wait before retrying. */
const RETRY_AFTER_S = 2;

/** An HTTP answer: status and body. */
export interface Answer {
  status: number;
  body: unknown;
}

/** 503: the Temporal service does not answer. */
export function temporalUnavailable(): ApiError {
  return new ApiError(
    503,
    'TEMPORAL_UNAVAILABLE',
    msg(
      '流程服务暂无响应，请稍后使用相同的幂等键重试',
      'The workflow service is not answering; retry shortly with the same Idempotency-Key',
    ),
    undefined,
    { 'retry-after': String(RETRY_AFTER_S) },
  );
}

/** True when the Temporal service answers a trivial call within `ms`. */
export async function temporalAnswers(app: FastifyInstance, ms = PROBE_DEADLINE_MS): Promise<boolean> {
  try {
    await app.temporal.withDeadline(Date.now() + ms, () => app.temporal.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` (calls to Temporal) within `ms`; past it, or when Temporal is unreachable, answers 503 with
 * `Retry-After` instead of waiting (for process starts and other calls that have no 202).
 */
export async function withinTemporalDeadline<T>(app: FastifyInstance, fn: () => Promise<T>, ms = 5_000): Promise<T> {
  try {
    return await app.temporal.withDeadline(Date.now() + ms, fn);
  } catch (err) {
    const code = (err as { cause?: { code?: number }; code?: number }).cause?.code ?? (err as { code?: number }).code;
    // gRPC DEADLINE_EXCEEDED (4) or UNAVAILABLE (14)
    if (code === 4 || code === 14) throw temporalUnavailable();
    throw err;
  }
}

/** An Update a route delivers and answers. */
export interface UpdateCall<W extends Workflow, Ret, Args extends [unknown, ...unknown[]]> {
  handle: WorkflowHandle<W>;
  update: UpdateDefinition<Ret, Args>;
  /** Checks the request and gives the Update's arguments; not run when the Update already reached the workflow. */
  prepare: () => Promise<Args>;
  /** The HTTP answer to the Update's result. */
  answer: (result: Ret) => Answer;
  /** How long the person waits before hearing 202. */
  waitMs: number;
  /** The body of the 202 (`status: in_progress` and a message by default). */
  pending?: Record<string, unknown>;
  /** The Update ID (by default the idempotency key's, or a fresh one without a key). */
  updateId?: string;
}

type Settled =
  { kind: 'done'; answer: Answer } | { kind: 'failed'; err: unknown } | { kind: 'slow' } | { kind: 'stalled' };

/** Maps a failure of the work to the answer a retry gets, or null when it is the server's fault. */
function answerOfFailure(err: unknown): Answer | null {
  const known =
    err instanceof WorkflowUpdateFailedError ? fromUpdateFailure(err) : err instanceof ApiError ? err : null;
  return known && known.statusCode < 500 ? { status: known.statusCode, body: known.body() } : null;
}

/** Delivers the Update and answers the request (see the module comment). */
export async function deliverUpdate<W extends Workflow, Ret, Args extends [unknown, ...unknown[]]>(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  call: UpdateCall<W, Ret, Args>,
): Promise<FastifyReply> {
  const claim = request.idempotency;
  const updateId = call.updateId ?? claim?.id ?? randomUUID();
  const abort = new AbortController();
  const limit = AbortSignal.any([abort.signal, AbortSignal.timeout(BACKGROUND_LIMIT_MS)]);
  const temporal = <T>(fn: () => Promise<T>) => app.temporal.withAbortSignal(limit, fn);

  const work = (async (): Promise<Answer> => {
    if (claim?.takenOver) {
      try {
        return call.answer(await temporal(() => call.handle.getUpdateHandle<Ret>(updateId).result()));
      } catch (err) {
        // (an Update Temporal does not know never reached the workflow: the request is run afresh)
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
    }
    const args = await call.prepare();
    return call.answer(await temporal(() => call.handle.executeUpdate(call.update, { args, updateId })));
  })();

  const timers: NodeJS.Timeout[] = [];
  const after = (ms: number) => new Promise<void>((resolve) => timers.push(setTimeout(resolve, ms)));
  const settled = await Promise.race<Settled>([
    work.then(
      (answer) => ({ kind: 'done', answer }) as const,
      (err: unknown) => ({ kind: 'failed', err }) as const,
    ),
    after(PROBE_AFTER_MS).then(async () =>
      (await temporalAnswers(app)) ? new Promise<Settled>(() => undefined) : ({ kind: 'stalled' } as const),
    ),
    after(call.waitMs).then(
      async () => ((await temporalAnswers(app)) ? { kind: 'slow' } : { kind: 'stalled' }) as Settled,
    ),
  ]);
  timers.forEach(clearTimeout);

  switch (settled.kind) {
    case 'done':
      return reply.code(settled.answer.status).send(settled.answer.body);
    case 'failed':
      throw settled.err;
    case 'stalled':
      abort.abort();
      work.catch(() => undefined);
      throw temporalUnavailable();
    case 'slow':
      claim?.defer();
      work
        .then(
          (answer) => claim?.settle(answer.status, JSON.stringify(answer.body)),
          (err: unknown) => {
            const answer = answerOfFailure(err);
            if (!answer)
              request.log.warn({ err }, 'work answered 202 failed on the server side; a retry runs it again');
            return answer ? claim?.settle(answer.status, JSON.stringify(answer.body)) : claim?.release();
          },
        )
        .catch((err: unknown) => request.log.warn({ err }, 'the answer of work answered 202 could not be stored'));
      return reply
        .code(202)
        .headers({
          'retry-after': String(RETRY_AFTER_S),
          location: request.url,
          ...(claim ? { 'idempotency-key': claim.key } : {}),
        })
        .send(call.pending ?? { status: 'in_progress', message: STILL_RUNNING });
  }
}

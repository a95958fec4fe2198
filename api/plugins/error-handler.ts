/** The one error handler: domain, validation and Temporal errors → HTTP, 5xx details hidden. */
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { OrderRejection } from '../../contracts/certificate-order';
import { RegistrationRejection } from '../../contracts/registration';
import { TaskRejection, type RejectionDetails } from '../../contracts/tasks';
import { msg } from '../../domain/text';
import { ApiError, fieldProblemsFromAjv, invalid, notFound } from '../errors';
import { findProcess } from '../repos/processes';

/** HTTP status for each failure type a workflow's Update validator may raise. */
const REJECTION_STATUS: Record<string, number> = {
  [TaskRejection.NotFound]: 404,
  [TaskRejection.NotOpen]: 409,
  [TaskRejection.OutcomeNotAllowed]: 422,
  [TaskRejection.NotEntitled]: 403,
  [TaskRejection.InvalidInput]: 400,
  [RegistrationRejection.NotReturned]: 409,
  [RegistrationRejection.AlreadyDecided]: 409,
  [RegistrationRejection.Closed]: 409,
  [RegistrationRejection.NotApplicant]: 403,
  [OrderRejection.NotOwner]: 403,
  [OrderRejection.WrongState]: 409,
  [OrderRejection.AmountMismatch]: 422,
  [OrderRejection.NothingRemaining]: 409,
  [OrderRejection.TokenBusy]: 409,
};

/** Maps an Update rejected by a workflow validator to an `ApiError`. */
export function fromUpdateFailure(err: WorkflowUpdateFailedError): ApiError {
  const cause = err.cause;
  if (cause instanceof ApplicationFailure) {
    const details = (cause.details?.[0] ?? {}) as Partial<RejectionDetails>;
    const status = REJECTION_STATUS[cause.type ?? ''] ?? 422;
    return new ApiError(
      status,
      cause.type ?? 'REJECTED',
      details.message ?? msg('操作被拒绝', cause.message),
      details.fields,
    );
  }
  return new ApiError(409, 'REJECTED', msg('操作被拒绝', err.message));
}

/** gRPC status codes we translate. */
const GRPC_NOT_FOUND = 5;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_UNAVAILABLE = 14;

function translate(err: unknown): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err instanceof WorkflowUpdateFailedError) return fromUpdateFailure(err);
  if (err instanceof WorkflowNotFoundError) return notFound(msg('业务流程不存在', 'No such process'));
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return new ApiError(409, 'PROCESS_ALREADY_RUNNING', msg('该业务流程已在进行中', 'This process is already running'));
  if (err instanceof ServiceError) {
    const code = (err.cause as { code?: number } | undefined)?.code;
    if (code === GRPC_NOT_FOUND || /already completed/i.test(err.message)) {
      return new ApiError(409, 'PROCESS_CLOSED', msg('业务流程已结束', 'The process has ended'));
    }
    if (code === GRPC_FAILED_PRECONDITION)
      return new ApiError(409, 'PROCESS_CLOSED', msg('业务流程已结束', 'The process has ended'));
    if (code === GRPC_UNAVAILABLE)
      return new ApiError(
        503,
        'TEMPORAL_UNAVAILABLE',
        msg('流程服务暂不可用，请稍后重试', 'The workflow service is unavailable; try again shortly'),
      );
  }
  const fastifyError = err as FastifyError & { validation?: unknown[]; validationContext?: string };
  if (Array.isArray(fastifyError.validation))
    return invalid(fieldProblemsFromAjv(fastifyError.validation as never, fastifyError.validationContext));
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'INVALID_JSON', msg('请求体不是有效的 JSON', 'The request body is not valid JSON'), [
        { field: 'body', code: 'invalid_json', message: msg('不是有效的 JSON', 'is not valid JSON') },
      ]);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
      return new ApiError(413, 'TOO_LARGE', msg('上传内容过大', 'The request body is too large'));
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', msg('不支持的内容类型', 'Unsupported content type'));
  }
  if (fastifyError.statusCode === 429) {
    return new ApiError(429, 'RATE_LIMITED', msg('请求过于频繁，请稍后再试', 'Too many requests; try again later'));
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new ApiError(
      fastifyError.statusCode,
      fastifyError.code ?? 'BAD_REQUEST',
      msg('请求无效', fastifyError.message),
    );
  }
  return null;
}

/**
 * A state-changing call on a workflow Temporal no longer runs, whose process the read copy records as
 * ended: the call came too late (409 `PROCESS_CLOSED`), it is not about an unknown process (404).
 */
async function closedProcess(app: FastifyInstance, method: string, err: unknown): Promise<ApiError | null> {
  if (!(err instanceof WorkflowNotFoundError) || !err.workflowId || method === 'GET' || method === 'HEAD') return null;
  const process = await findProcess(app.db, err.workflowId);
  return process?.closed_at
    ? new ApiError(409, 'PROCESS_CLOSED', msg('业务流程已结束', 'The process has ended'))
    : null;
}

/** Installs the error and not-found handlers. */
export const errorHandlerPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(async (err, request, reply) => {
    const known = (await closedProcess(app, request.method, err).catch(() => null)) ?? translate(err);
    if (known) {
      if (known.statusCode >= 500) request.log.warn({ err }, 'dependency unavailable');
      return reply.code(known.statusCode).headers(known.headers).send(known.body());
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .code(500)
      .send({ error: { code: 'INTERNAL', message: msg('服务器内部错误', 'Internal server error') } });
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(
        notFound(
          msg(`没有这个接口：${request.method} ${request.url}`, `No route ${request.method} ${request.url}`),
        ).body(),
      );
  });
});

/**
 * Asking a token station something now (a short workflow on the main task queue, an activity at the
 * station), and the one mapping from a station's typed failures to the answers a person reads.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import {
  STATION_OPERATION_WORKFLOW,
  STATION_UNREACHABLE,
  StationFailure,
  stationFailureOf,
  type StationFailureReport,
  type StationOperationWorkflow,
  type StationRequest,
  type UkeyModelMismatchDetails,
} from '../contracts/station';
import { fieldProblem, msg } from '../domain/text';
import { ApiError, conflict, notFound } from './errors';
import { stationPresence } from './repos/stations';

/** What the station was asked: to make a UKey, or an operation outside an order (list or read tokens). */
export type StationWork = 'make' | 'operation';

const STATION_OFFLINE = () => conflict('STATION_OFFLINE', msg('制证工作站未响应', 'The token station did not answer'));

/** The answer for a station's failure, by its type and details (never by its message text). */
export function stationFailureError(failure: StationFailureReport, work: StationWork): ApiError {
  switch (failure.type) {
    case StationFailure.PinIncorrect:
      // (a station tries only the factory PIN of a blank token)
      return conflict(
        'TOKEN_PIN_INCORRECT',
        msg('UKey 出厂 PIN 不正确，请联系客服', 'The token’s factory PIN was refused; contact support'),
      );
    case StationFailure.PinLocked:
      return conflict('TOKEN_PIN_LOCKED', msg('UKey 的 PIN 已锁定', 'The UKey’s PIN is locked'));
    case StationFailure.TokenNotFound:
      return conflict(
        'TOKEN_NOT_FOUND',
        msg('工作站上没有该 UKey，请确认已插入', 'The UKey is not in the station; check it is inserted'),
      );
    case StationFailure.TokenNotBlank:
      return conflict(
        'TOKEN_NOT_BLANK',
        msg(
          '该 UKey 不是空白锁（已有密钥或证书），请插入新的空白 UKey',
          'The token is not blank (it holds a key or certificate); insert a new blank UKey',
        ),
      );
    case StationFailure.UkeyModelMismatch: {
      const { reported } = (failure.details ?? {}) as Partial<UkeyModelMismatchDetails>;
      return new ApiError(
        422,
        StationFailure.UkeyModelMismatch,
        msg('UKey 型号与工作站读到的不一致', 'The UKey model differs from the one the token reports'),
        [
          fieldProblem(
            'ukeyModel',
            'mismatch',
            `该 UKey 的型号为“${reported}”`,
            `the token reports its model as "${reported}"`,
          ),
        ],
      );
    }
    case StationFailure.NotRenewable:
      return conflict(
        'CERTIFICATE_NOT_RENEWABLE',
        msg(
          '该 UKey 上没有要续期的证书，或该证书已吊销：请插入原 UKey',
          'The UKey does not hold the certificate renewed, or it was revoked: insert its own UKey',
        ),
        [
          fieldProblem(
            'tokenSerial',
            'not_renewable',
            '不是续期证书所在的 UKey',
            'not the UKey of the renewed certificate',
          ),
        ],
      );
    case STATION_UNREACHABLE:
      return STATION_OFFLINE();
  }
  if (work === 'make')
    return conflict('UKEY_FAILED', msg(`制证失败：${failure.message}`, `Making the UKey failed: ${failure.message}`));
  // (a failure without a type is a station that never answered)
  if (failure.type === null) return STATION_OFFLINE();
  return conflict(
    'STATION_FAILED',
    msg(`制证工作站未能完成操作：${failure.message}`, `The token station could not do it: ${failure.message}`),
  );
}

/** Runs `request` at `stationId` and answers its result; station problems become clear 4xx errors. */
export async function callStation<T>(app: FastifyInstance, stationId: string, request: StationRequest): Promise<T> {
  const presence = await stationPresence(app.db, stationId);
  if (presence === 'unknown') throw notFound(msg('工作站不存在', 'No such station'));
  if (presence === 'offline')
    throw conflict('STATION_OFFLINE', msg('制证工作站不在线', 'The token station is not online'));
  try {
    return (await app.temporal.workflow.execute<StationOperationWorkflow>(STATION_OPERATION_WORKFLOW, {
      taskQueue: app.config.temporal.taskQueue,
      workflowId: `station-${stationId}-${request.op}-${randomUUID()}`,
      args: [stationId, request],
      workflowExecutionTimeout: '45 seconds',
    })) as T;
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    throw stationFailureError(stationFailureOf(err), 'operation');
  }
}

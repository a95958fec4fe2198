/** Asking a token station something now (a short workflow on the main task queue, an activity at the station). */
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { STATION_OPERATION_WORKFLOW, type StationOperationWorkflow, type StationRequest } from '../contracts/station';
import { msg } from '../domain/text';
import { ApiError, conflict, notFound } from './errors';
import { findStation } from './repos/stations';

/** A station seen within this window is online. */
export const STATION_ONLINE_MS = 60_000;

/** Why a station operation failed, in words a person reads. */
function stationError(type: string | undefined, message: string): ApiError {
  switch (type) {
    case 'TOKEN_NOT_FOUND':
      return conflict(
        'TOKEN_NOT_FOUND',
        msg('工作站上没有该 UKey，请确认已插入', 'The UKey is not in the station; check it is inserted'),
      );
    default:
      return conflict(
        'STATION_FAILED',
        msg(`制证工作站未能完成操作：${message}`, `The token station could not do it: ${message}`),
      );
  }
}

/** Runs `request` at `stationId` and answers its result; station problems become clear 4xx errors. */
export async function callStation<T>(app: FastifyInstance, stationId: string, request: StationRequest): Promise<T> {
  const station = await findStation(app.db, stationId);
  if (!station) throw notFound(msg('工作站不存在', 'No such station'));
  if (station.last_seen_at.getTime() < Date.now() - STATION_ONLINE_MS)
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
    let cause: unknown = err.cause;
    while (cause && !(cause instanceof ApplicationFailure) && (cause as { cause?: unknown }).cause)
      cause = (cause as { cause?: unknown }).cause;
    if (cause instanceof ApplicationFailure) throw stationError(cause.type ?? undefined, cause.message);
    throw conflict('STATION_OFFLINE', msg('制证工作站未响应', 'The token station did not answer'));
  }
}

/**
 * A short request–response to a token station (which tokens, what a token holds). Each run lasts at most
 * 45 seconds (the API's execution timeout) and answers one person waiting on it, so a change here needs no
 * patch: a run caught by a deploy fails and the person asks again.
 */
import { proxyActivities } from '@temporalio/workflow';
import { STATION_QUESTION } from './activity-options';
import { stationTaskQueue, StationFailure, type StationActivities, type StationRequest } from '../contracts/station';

/** Runs one operation at a station; fails fast when the station does not answer. */
export async function stationOperation(stationId: string, request: StationRequest): Promise<unknown> {
  const station = proxyActivities<StationActivities>({
    ...STATION_QUESTION,
    taskQueue: stationTaskQueue(stationId),
    retry: { ...STATION_QUESTION.retry, nonRetryableErrorTypes: Object.values(StationFailure) },
  });
  switch (request.op) {
    case 'listTokens':
      return station.listTokens();
    case 'readToken':
      return station.readToken({ tokenSerial: request.tokenSerial });
  }
}

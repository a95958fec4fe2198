/** A short request–response to a token station (which tokens, what a token holds, sign a login challenge). */
import { proxyActivities } from '@temporalio/workflow';
import { stationTaskQueue, StationFailure, type StationActivities, type StationRequest } from '../contracts/station';

/** Runs one operation at a station; fails fast when the station does not answer, never retries a PIN. */
export async function stationOperation(stationId: string, request: StationRequest): Promise<unknown> {
  const station = proxyActivities<StationActivities>({
    taskQueue: stationTaskQueue(stationId),
    scheduleToStartTimeout: '10 seconds',
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 1, nonRetryableErrorTypes: Object.values(StationFailure) },
  });
  switch (request.op) {
    case 'listTokens':
      return station.listTokens();
    case 'readToken':
      return station.readToken({ tokenSerial: request.tokenSerial });
    case 'signChallenge':
      return station.signChallenge({
        tokenSerial: request.tokenSerial,
        pin: request.pin,
        challenge: request.challenge,
      });
  }
}

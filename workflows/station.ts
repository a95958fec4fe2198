/** A short request–response to a token station: which tokens are in its readers now. */
import { proxyActivities } from '@temporalio/workflow';
import { stationTaskQueue, type StationActivities, type StationToken } from '../contracts/station';

/** Lists the tokens present at a station; fails fast when the station does not answer. */
export async function stationInventory(stationId: string): Promise<StationToken[]> {
  const station = proxyActivities<StationActivities>({
    taskQueue: stationTaskQueue(stationId),
    scheduleToStartTimeout: '10 seconds',
    startToCloseTimeout: '30 seconds',
    retry: { maximumAttempts: 1 },
  });
  return station.listTokens();
}

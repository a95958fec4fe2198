/** Worker options shared by the main worker and token stations. */
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from '../platform/config';
import { dataConverter } from '../platform/temporal';

/** Options every worker of the product sets. */
export function sharedWorkerOptions(config: Pick<Config, 'temporal' | 'codec'>): Partial<WorkerOptions> {
  return {
    namespace: config.temporal.namespace,
    dataConverter: dataConverter(config),
    // Let running activities finish on SIGTERM instead of cancelling them at once.
    shutdownGraceTime: '30 seconds',
  };
}

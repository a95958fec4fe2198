/** Worker options shared by the main worker and token stations. */
import { DefaultLogger, Runtime, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from '../platform/logger';
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

/** Routes the Temporal SDK's own log lines into our JSON logger (SDK chatter below WARN is dropped). Call once, first. */
export function installWorkerRuntime(logger: Logger): void {
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
      const line = { sdk: true, ...(meta ?? {}) };
      if (level === 'ERROR') logger.error(line, message);
      else logger.warn(line, message);
    }),
  });
}

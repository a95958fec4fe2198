/** The main worker (task queue "bpm"): every workflow, and the activities that need no hardware. */
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import { createLogger } from '../platform/logger';
import { openServices, type Services } from '../integrations';
import { connectWorker } from '../platform/temporal';
import { installWorkerRuntime, sharedWorkerOptions } from './options';

/** Creates the main worker; `workflowBundle` (tests) skips bundling at start. */
export async function createMainWorker(opts: {
  config: Config;
  services: Services;
  connection: NativeConnection;
  workflowBundle?: WorkerOptions['workflowBundle'];
}): Promise<Worker> {
  const { config, services, connection } = opts;
  return Worker.create({
    ...sharedWorkerOptions(config),
    connection,
    taskQueue: config.temporal.taskQueue,
    ...(opts.workflowBundle
      ? { workflowBundle: opts.workflowBundle }
      : { workflowsPath: require.resolve('../workflows') }),
    activities: createActivities({ ...services, config }),
  });
}

/** Runs the main worker alone until SIGTERM/SIGINT (production; needs DATABASE_URL). */
async function runStandalone(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError(
      'DATABASE_URL',
      'is required to run the worker on its own (the embedded database serves one process: use `npm start`)',
    );
  installWorkerRuntime(createLogger(config.logLevel, 'worker'));
  const services = await openServices(config);
  const connection = await connectWorker(config);
  const worker = await createMainWorker({ config, services, connection });
  await worker.run(); // the SDK shuts down gracefully on SIGTERM/SIGINT
  await connection.close();
  await services.close();
}

if (require.main === module) {
  runStandalone().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

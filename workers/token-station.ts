/**
 * A token station: a worker with UKey readers (PKCS#11, module path from config) on its own task queue
 * (`station-<id>`). It announces itself every few seconds (ID, name, module, tokens present, last seen)
 * and makes UKeys, one operation at a time per token, with the CA port and the database at hand.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { stationTaskQueue } from '../contracts/station';
import type { CertificateAuthority } from '../integrations/ca/ca';
import { createStationActivities } from '../activities/token-station';
import { TokenLocks } from '../integrations/token/locks';
import { Pkcs11Module } from '../integrations/token/pkcs11';
import { tokenFolderWatch } from '../integrations/token/token-folder';
import { ConfigError, loadConfig, type Config } from '../platform/config';
import type { Db } from '../platform/db';
import { createLogger, type Logger } from '../platform/logger';
import type { SecretStore } from '../platform/secret-store';
import { openServices } from '../integrations';
import { connectWorker } from '../platform/temporal';
import { installWorkerRuntime, sharedWorkerOptions } from './options';

/** How often a station announces itself. */
const ANNOUNCE_MS = 5_000;

/** A running station. */
export interface TokenStation {
  worker: Worker;
  /** The PKCS#11 module the station holds (one per process). */
  module: Pkcs11Module;
  /** One operation at a time per token; a signing agent in the same process shares them. */
  locks: TokenLocks;
  /** Runs until shutdown. */
  run(): Promise<void>;
  stop(): Promise<void>;
}

/** Opens the PKCS#11 module and creates the station's worker. */
export async function createTokenStation(opts: {
  config: Config;
  db: Db;
  secrets: Pick<SecretStore, 'read'>;
  ca: CertificateAuthority;
  connection: NativeConnection;
  logger: Logger;
}): Promise<TokenStation> {
  const { config, db, logger } = opts;
  const { id, name, modulePath, factoryPin, soPin, pinAttemptLimit } = config.station;
  const module = Pkcs11Module.open(modulePath, { pinAttemptLimit });
  const locks = new TokenLocks();
  const taskQueue = stationTaskQueue(id);
  const worker = await Worker.create({
    ...sharedWorkerOptions(config),
    connection: opts.connection,
    taskQueue,
    activities: createStationActivities({ module, secrets: opts.secrets, factoryPin, soPin, locks, db, ca: opts.ca }),
    maxConcurrentActivityTaskExecutions: 4,
  });

  const startedAt = new Date();
  const tokensChanged = tokenFolderWatch(modulePath);
  const announce = async () => {
    // SoftHSM2 sees tokens added since its initialisation only after a re-initialisation; real readers
    // report inserted tokens by themselves.
    if (tokensChanged() && locks.idle()) module.reload();
    const row = { name, module_path: modulePath, task_queue: taskQueue, last_seen_at: new Date() };
    await db
      .insertInto('stations')
      .values({ id, started_at: startedAt, ...row })
      .onConflict((oc) => oc.column('id').doUpdateSet({ ...row, started_at: startedAt }))
      .execute();
  };
  await announce();
  const timer = setInterval(() => {
    announce().catch((err) => logger.warn({ err }, 'station announcement failed'));
  }, ANNOUNCE_MS);
  logger.info({ stationId: id, taskQueue, modulePath }, 'token station started');

  let running: Promise<void> | null = null;
  return {
    worker,
    module,
    locks,
    run() {
      running ??= worker.run();
      return running;
    },
    async stop() {
      clearInterval(timer);
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await db
        .updateTable('stations')
        .set({ last_seen_at: new Date(0) })
        .where('id', '=', id)
        .execute();
      module.close();
    },
  };
}

/** Runs a station alone until SIGTERM/SIGINT (a machine with readers; needs DATABASE_URL). */
async function runStandalone(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl)
    throw new ConfigError(
      'DATABASE_URL',
      'is required to run a token station on its own (the embedded default runs one inside `npm start`)',
    );
  const logger = createLogger(config.logLevel, 'token-station');
  installWorkerRuntime(logger);
  const services = await openServices(config);
  const connection = await connectWorker(config);
  const station = await createTokenStation({
    config,
    db: services.db,
    secrets: services.secrets,
    ca: services.ca,
    connection,
    logger,
  });
  await station.run(); // the SDK shuts down gracefully on SIGTERM/SIGINT
  await station.stop();
  await connection.close();
  await services.close();
}

if (require.main === module) {
  runStandalone().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

/** The whole product in one process (the embedded default): services, workers and the API. */
import fs from 'node:fs';
import path from 'node:path';
import type { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { buildApp } from '../api/app';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { openServices, type Services } from '../integrations';
import { createTokenStation, type TokenStation } from '../workers/token-station';
import { startAgent, type RunningAgent } from '../agent/app';
import { loadAgentConfig } from '../agent/config';
import { tokenFolderWatch } from '../integrations/token/token-folder';
import { ensureSoftHsmConfig, initBlankTokens, TOKEN_DEFAULTS } from './tokens';
import { connectClient, connectWorker } from '../platform/temporal';
import { createMainWorker } from '../workers/main';
import { installWorkerRuntime } from '../workers/options';

/** A running stack. */
export interface Stack {
  /** Where the UKey signing agent answers, if it runs. */
  agentUrl: string | null;
  stop(): Promise<void>;
}

/** Starts services, the main worker and the API; resolves once the API listens. A `workflowBundle` (tests) skips bundling. */
export async function startStack(
  config: Config,
  logger: Logger,
  opts: { workflowBundle?: WorkerOptions['workflowBundle'] } = {},
): Promise<Stack> {
  installWorkerRuntime(logger);
  const services = await openServices(config);

  const client = await connectClient(config);
  const workerConnection = await connectWorker(config);
  const workers: Worker[] = [
    await createMainWorker({ config, services, connection: workerConnection, workflowBundle: opts.workflowBundle }),
  ];
  const running = workers.map((w) => w.run());
  const station = await startLocalStation(config, services, workerConnection, logger);
  if (station) running.push(station.run());
  const agent = station ? await startLocalAgent(config, station, logger) : null;

  const app = await buildApp({ ...services, config, temporal: client });
  // (earlier versions left a long-lived admin token here in clear; scripts now sign their requests instead)
  fs.rmSync(path.join(config.dataDir, 'local-admin.token'), { force: true });
  await app.listen({ host: config.http.host, port: config.http.port });

  let stopped = false;
  return {
    agentUrl: agent?.url ?? null,
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      // (the Temporal runtime has already begun shutting workers down on Ctrl-C or SIGTERM)
      for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
      await agent?.close();
      await station?.stop();
      await Promise.allSettled(running);
      await workerConnection.close();
      await client.connection.close();
      await services.close();
    },
  };
}

/**
 * The embedded default's token station `local`: with SoftHSM2 it makes sure the SoftHSM configuration
 * exists and holds blank tokens (STATION_BLANK_TOKENS on first start). Without a PKCS#11 module the
 * product runs without a station.
 */
async function startLocalStation(
  config: Config,
  services: Services,
  connection: NativeConnection,
  logger: Logger,
): Promise<TokenStation | null> {
  const { station } = config;
  if (!fs.existsSync(station.modulePath)) {
    logger.warn(
      { modulePath: station.modulePath },
      'no PKCS#11 module: the token station is off (apt-get install softhsm2, or set PKCS11_MODULE)',
    );
    return null;
  }
  if (/softhsm/i.test(station.modulePath)) {
    const conf = process.env.SOFTHSM2_CONF ?? ensureSoftHsmConfig(station.softhsmDir);
    process.env.SOFTHSM2_CONF = conf;
    const tokensDir = path.join(station.softhsmDir, 'tokens');
    const none = !fs.existsSync(tokensDir) || fs.readdirSync(tokensDir).length === 0;
    if (none && station.blankTokens > 0) {
      const serials = initBlankTokens({
        conf,
        count: station.blankTokens,
        labelPrefix: TOKEN_DEFAULTS.labelPrefix,
        soPin: TOKEN_DEFAULTS.soPin,
        pin: station.factoryPin,
      });
      logger.info({ serials }, 'blank SoftHSM2 tokens created for the local station');
    }
  }
  return createTokenStation({
    config,
    db: services.db,
    secrets: services.secrets,
    ca: services.ca,
    connection,
    logger,
  });
}

/**
 * The UKey signing agent of the embedded default, on 127.0.0.1 beside the local station and over the same
 * tokens (the station's module and per-token locks: one process may hold one PKCS#11 module). On a
 * holder's own machine the same agent runs alone (`npm run agent`). A busy port leaves the product up
 * without it.
 */
async function startLocalAgent(config: Config, station: TokenStation, logger: Logger): Promise<RunningAgent | null> {
  const agentConfig = loadAgentConfig();
  const tokensChanged = tokenFolderWatch(config.station.modulePath);
  try {
    const agent = await startAgent({
      module: station.module,
      locks: station.locks,
      trustedOrigins: agentConfig.trustedOrigins,
      beforeListing: () => {
        if (tokensChanged() && station.locks.idle()) station.module.reload();
      },
      logger: logger.child({ component: 'ukey-agent' }),
      port: agentConfig.port,
    });
    logger.info({ url: agent.url, trustedOrigins: agentConfig.trustedOrigins }, 'UKey signing agent listening');
    return agent;
  } catch (err) {
    logger.warn(
      { err, port: agentConfig.port },
      'the UKey signing agent could not listen: CA-lock login needs it (AGENT_PORT)',
    );
    return null;
  }
}

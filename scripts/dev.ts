/**
 * `npm start`: the product on its embedded defaults in one process tree — the Temporal dev service
 * (temporal-dev.yaml), PGlite under data/, the workers and the API on http://localhost:3000, with the
 * web console at /console/ (rebuilt whenever web/src changes).
 * The dev service is supervised: if it dies it is started again (same SQLite file) and the rest stays up.
 * Ctrl-C stops everything. Set TEMPORAL_ADDRESS to use an existing Temporal service instead.
 */
import path from 'node:path';
import { ConfigError, loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { buildConsole } from './build-console';
import { ensureDevEnv, loadEnvFile } from './env-files';
import { startStack } from './stack';
import { readTemporalDevConfig, superviseTemporalDev, waitForPort, type SupervisedTemporalDev } from './temporal-dev';
import { ensureDebianPackages, ensureTemporalCli, ROOT } from './tools';

async function main(): Promise<void> {
  process.chdir(ROOT);
  loadEnvFile(path.join(ROOT, '.env'));
  const devEnv = ensureDevEnv(path.resolve(process.env.DATA_DIR ?? 'data'));
  loadEnvFile(devEnv.file);
  const missing = ensureDebianPackages(['softhsm2']);
  if (missing.length)
    console.warn(
      `[dev] not installed: ${missing.join(', ')} (install as root: apt-get install ${missing.join(' ')}); the token station stays off`,
    );

  const config = loadConfig();
  const externalTemporal = process.env.TEMPORAL_ADDRESS !== undefined;
  let temporal: SupervisedTemporalDev | null = null;
  if (!externalTemporal) {
    const dev = readTemporalDevConfig();
    const cli = ensureTemporalCli();
    const inUse = await waitForPort(dev.ip, dev.ports.frontend, 1).then(
      () => true,
      () => false,
    );
    if (inUse)
      throw new Error(
        `port ${dev.ports.frontend} is in use: stop what listens there, or set TEMPORAL_ADDRESS to use that Temporal service`,
      );
    console.log(
      `[dev] starting the Temporal dev service on ${dev.ip}:${dev.ports.frontend} (Web UI http://localhost:${dev.ports.ui})`,
    );
    temporal = await superviseTemporalDev(cli, dev);
  }

  const consoleBuild = await buildConsole({ mode: 'development', watch: true });
  const logger = createLogger(config.logLevel);
  const stack = await startStack(config, logger);
  console.log(
    [
      '',
      `  Console    http://localhost:${config.http.port}/console/`,
      `  API        http://localhost:${config.http.port}   (OpenAPI: /docs, readiness: /ready)`,
      externalTemporal
        ? `  Temporal   ${config.temporal.address} (external)`
        : `  Temporal   ${config.temporal.address}   Web UI http://localhost:${readTemporalDevConfig().ports.ui}`,
      `  UKey agent ${stack.agentUrl ?? '(off)'}   (signs CA-lock logins; on a holder's own machine: npm run agent)`,
      `  Database   ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${path.relative(ROOT, config.pgliteDir)}`}`,
      `  First admin: ${process.env.BOOTSTRAP_ADMIN_LOGIN ?? '(BOOTSTRAP_ADMIN_LOGIN unset)'} — password in ${path.relative(ROOT, devEnv.file)} (BOOTSTRAP_ADMIN_PASSWORD)`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[dev] ${signal}: stopping`);
    await stack.stop().catch((err) => console.error('[dev] stop failed', err));
    await consoleBuild.stop();
    await temporal?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});

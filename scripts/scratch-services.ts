/**
 * Throwaway services for the test suite and the benchmarks: an in-memory Temporal dev server configured
 * like temporal-dev.yaml and a scratch PostgreSQL cluster, stopped when the process ends however it ends.
 */
import type { ChildProcess } from 'node:child_process';
import { startScratchPostgres, stopScratchPostgres, type ScratchPostgres } from './scratch-postgres';
import { freePort, readTemporalDevConfig, startTemporalDev } from './temporal-dev';
import { ensureTemporalCli } from './tools';

/** What was started; `stop` may be called more than once. */
export interface ScratchServices {
  temporalAddress?: string;
  databaseUrl?: string;
  stop(): Promise<void>;
}

/** Starts the services asked for; they are also stopped on exit, Ctrl-C or SIGTERM. */
export async function startScratchServices(want: { temporal: boolean; postgres: boolean }): Promise<ScratchServices> {
  let temporal: ChildProcess | null = null;
  let pg: ScratchPostgres | null = null;
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    if (temporal && temporal.exitCode === null) temporal.kill('SIGTERM');
    if (pg) stopScratchPostgres(pg);
  };
  const interrupted = () => process.exit(130);
  process.once('exit', stopNow);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const result: ScratchServices = {
    async stop() {
      if (temporal && temporal.exitCode === null) {
        const exited = new Promise((r) => temporal!.once('exit', r));
        temporal.kill('SIGTERM');
        await exited;
      }
      stopNow();
      process.off('exit', stopNow);
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    },
  };
  try {
    if (want.temporal) {
      const dev = readTemporalDevConfig();
      const ports = {
        frontend: await freePort(),
        ui: await freePort(),
        http: await freePort(),
        metrics: await freePort(),
      };
      temporal = await startTemporalDev(
        ensureTemporalCli(),
        { ...dev, ports, database: null, logLevel: 'error' },
        { headless: true, quiet: true },
      );
      result.temporalAddress = `${dev.ip}:${ports.frontend}`;
    }
    if (want.postgres) {
      pg = await startScratchPostgres();
      result.databaseUrl = pg.url;
    }
  } catch (err) {
    await result.stop();
    throw err;
  }
  return result;
}

/**
 * Starts the real services the suite runs against, once per run: a Temporal dev server (in memory,
 * configured like temporal-dev.yaml) and a throwaway PostgreSQL cluster — unless TEST_TEMPORAL_ADDRESS
 * / TEST_DATABASE_URL point at existing ones. Also provides the Java test server for time skipping.
 */
import type { ChildProcess } from 'node:child_process';
import { startScratchPostgres, type ScratchPostgres } from '../../scripts/scratch-postgres';
import { freePort, readTemporalDevConfig, startTemporalDev } from '../../scripts/temporal-dev';
import { ensureTemporalCli, ensureTestServer } from '../../scripts/tools';

/** Handles kept for the teardown (same process). */
export interface Started {
  temporal?: ChildProcess;
  postgres?: ScratchPostgres;
}

export default async function globalSetup(): Promise<void> {
  const started: Started = {};
  (globalThis as { __bpmStarted?: Started }).__bpmStarted = started;
  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    const dev = readTemporalDevConfig();
    const ports = { frontend: await freePort(), ui: await freePort(), http: await freePort(), metrics: await freePort() };
    started.temporal = await startTemporalDev(ensureTemporalCli(), { ...dev, ports, database: null, logLevel: 'error' }, { headless: true, quiet: true });
    process.env.TEST_TEMPORAL_ADDRESS = `${dev.ip}:${ports.frontend}`;
  }
  if (!process.env.TEST_DATABASE_URL) {
    started.postgres = await startScratchPostgres();
    process.env.TEST_DATABASE_URL = started.postgres.url;
  }
  if (!process.env.TEMPORAL_TEST_SERVER) process.env.TEMPORAL_TEST_SERVER = ensureTestServer();
}

/**
 * Starts the real services the suite runs against, once per run: a Temporal dev server (in memory,
 * configured like temporal-dev.yaml) and a throwaway PostgreSQL cluster — unless TEST_TEMPORAL_ADDRESS
 * / TEST_DATABASE_URL point at existing ones. Also provides the Java test server for time skipping,
 * and builds the web console (web/dist) from the current sources for the browser tests.
 */
import { buildConsole } from '../../scripts/build-console';
import { startScratchServices, type ScratchServices } from '../../scripts/scratch-services';
import { ensureTestServer } from '../../scripts/tools';

export default async function globalSetup(): Promise<void> {
  await buildConsole({ mode: 'production', log: () => undefined });
  const services = await startScratchServices({
    temporal: !process.env.TEST_TEMPORAL_ADDRESS,
    postgres: !process.env.TEST_DATABASE_URL,
  });
  (globalThis as { __bpmServices?: ScratchServices }).__bpmServices = services;
  process.env.TEST_TEMPORAL_ADDRESS ??= services.temporalAddress;
  process.env.TEST_DATABASE_URL ??= services.databaseUrl;
  process.env.TEMPORAL_TEST_SERVER ??= ensureTestServer();
}

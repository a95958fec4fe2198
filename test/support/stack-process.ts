/**
 * The whole product in one process (scripts/stack.ts) as a child of a test, configured by its environment;
 * `argv[2]` names a prebuilt workflow bundle. Says `ready <port>` on stdout once the API listens.
 */
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startStack } from '../../scripts/stack';

const config = loadConfig();
startStack(config, createLogger(process.env.LOG_LEVEL ?? 'warn'), {
  workflowBundle: { codePath: process.argv[2] },
}).then(
  () => console.log(`ready ${config.http.port}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

/** Stops what global-setup started. */
import { stopScratchPostgres } from '../../scripts/scratch-postgres';
import type { Started } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __bpmStarted?: Started }).__bpmStarted;
  if (!started) return;
  if (started.temporal && started.temporal.exitCode === null) {
    started.temporal.kill('SIGTERM');
    await new Promise((r) => started.temporal!.once('exit', r));
  }
  if (started.postgres) stopScratchPostgres(started.postgres);
}

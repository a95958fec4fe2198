/** Stops what global-setup started. */
import type { ScratchServices } from '../../scripts/scratch-services';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __bpmServices?: ScratchServices }).__bpmServices?.stop();
}

/** Stops what global-setup started. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Started } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __bpmStarted?: Started }).__bpmStarted;
  if (!started) return;
  if (started.temporal && started.temporal.exitCode === null) {
    started.temporal.kill('SIGTERM');
    await new Promise((r) => started.temporal!.once('exit', r));
  }
  if (started.pgDir && started.pgBin) {
    const ctl = path.join(started.pgBin, 'pg_ctl');
    const args = ['-D', path.join(started.pgDir, 'data'), '-m', 'immediate', 'stop'];
    execFileSync(process.getuid?.() === 0 ? 'runuser' : ctl, process.getuid?.() === 0 ? ['-u', 'postgres', '--', ctl, ...args] : args, { stdio: 'ignore' });
    fs.rmSync(started.pgDir, { recursive: true, force: true });
  }
}

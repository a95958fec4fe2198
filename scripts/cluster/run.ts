/**
 * `npm run cluster`: the product on a real Temporal cluster on one machine (scripts/cluster/cluster.ts),
 * its state kept in `data/cluster/` between runs. Ctrl-C stops all of it.
 *
 *   npm run cluster                 start (builds the Temporal server the first time)
 *   npm run cluster -- --fresh      delete data/cluster/ first
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDebianPackages, ROOT } from '../tools';
import { DEFAULT_PORTS, startCluster } from './cluster';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
  const stateDir = path.join(ROOT, 'data', 'cluster');
  if (values.fresh) fs.rmSync(stateDir, { recursive: true, force: true });
  const missing = ensureDebianPackages(['postgresql', 'softhsm2']);
  if (missing.length)
    throw new Error(`not installed: ${missing.join(', ')} (as root: apt-get install ${missing.join(' ')})`);
  const started = Date.now();
  const cluster = await startCluster({
    stateDir,
    ports: DEFAULT_PORTS,
    workers: 2,
    blankTokens: 4,
    durable: true,
    engine: 'cluster',
    log: (line) => console.log(line),
  });
  console.log(
    [
      '',
      `  APIs       ${cluster.apis.join('  ')}   (console: /console/, OpenAPI: /docs)`,
      `  Temporal   ${cluster.temporalAddress} (frontend; history, matching and worker are their own processes)`,
      `  Database   PostgreSQL 127.0.0.1:${DEFAULT_PORTS.postgres} (databases bpm, temporal, temporal_visibility)`,
      `  Logs       ${path.relative(ROOT, path.join(stateDir, 'logs'))}/<process>.log`,
      `  First admin: admin — password in ${path.relative(ROOT, path.join(stateDir, 'data', 'dev.env'))}`,
      `  Up in ${Math.round((Date.now() - started) / 1000)} s. Ctrl-C stops everything.`,
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[cluster] ${signal}: stopping`);
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

/** A throwaway PostgreSQL cluster (tests, benchmarks): initdb into a temp folder, started as `postgres` when root. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './temporal-dev';
import { postgresBinDir } from './tools';

/** A running scratch cluster. */
export interface ScratchPostgres {
  url: string;
  dir: string;
  bin: string;
}

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

/** Creates and starts a cluster tuned for speed over durability (fsync off); returns its URL. */
export async function startScratchPostgres(): Promise<ScratchPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-pg-'));
  return startPostgresIn(dir, await freePort(), { durable: false });
}

/**
 * Starts the PostgreSQL cluster kept in `dir` on `port`, creating it on first use; `durable: false` trades
 * crash safety for speed (fsync off). The cluster outlives `stopPostgres`.
 */
export async function startPostgresIn(dir: string, port: number, opts: { durable: boolean }): Promise<ScratchPostgres> {
  const bin = postgresBinDir();
  if (!bin)
    throw new Error('PostgreSQL server programs not found (apt-get install postgresql), or set TEST_DATABASE_URL');
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  if (!fs.existsSync(path.join(dir, 'data', 'PG_VERSION'))) initCluster(bin, dir);
  const speed = opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300${speed}`;
  const [ctlCmd, ctlArgs] = asPostgresUser(path.join(bin, 'pg_ctl'), [
    '-D',
    path.join(dir, 'data'),
    '-o',
    serverOptions,
    '-l',
    path.join(dir, 'log'),
    '-w',
    'start',
  ]);
  execFileSync(ctlCmd, ctlArgs, { stdio: 'ignore' });
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, dir, bin };
}

function initCluster(bin: string, dir: string): void {
  const [initCmd, initArgs] = asPostgresUser(path.join(bin, 'initdb'), [
    '-D',
    path.join(dir, 'data'),
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
}

/** Stops a cluster: `immediate` for scratch data, `fast` (a clean shutdown) for data that is kept. */
export function stopPostgres(pg: ScratchPostgres, mode: 'immediate' | 'fast'): void {
  const [cmd, args] = asPostgresUser(path.join(pg.bin, 'pg_ctl'), [
    '-D',
    path.join(pg.dir, 'data'),
    '-m',
    mode,
    'stop',
  ]);
  execFileSync(cmd, args, { stdio: 'ignore' });
}

/** Stops a scratch cluster and deletes its folder. */
export function stopScratchPostgres(pg: ScratchPostgres): void {
  stopPostgres(pg, 'immediate');
  fs.rmSync(pg.dir, { recursive: true, force: true });
}

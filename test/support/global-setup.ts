/**
 * Starts the real services the suite runs against, once per run: a Temporal dev server (in memory,
 * configured like temporal-dev.yaml) and a throwaway PostgreSQL cluster — unless TEST_TEMPORAL_ADDRESS
 * / TEST_DATABASE_URL point at existing ones. Also provides the Java test server for time skipping.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, readTemporalDevConfig, startTemporalDev } from '../../scripts/temporal-dev';
import { ensureTemporalCli, ensureTestServer, postgresBinDir } from '../../scripts/tools';

/** Handles kept for the teardown (same process). */
export interface Started {
  temporal?: ReturnType<typeof spawn>;
  pgDir?: string;
  pgBin?: string;
}

function asPostgresUser(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

async function startPostgres(started: Started): Promise<string> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server programs not found (apt-get install postgresql), or set TEST_DATABASE_URL');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-pg-'));
  const port = await freePort();
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const [initCmd, initArgs] = asPostgresUser(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  execFileSync(initCmd, initArgs, { stdio: 'ignore' });
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  const [ctlCmd, ctlArgs] = asPostgresUser(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start']);
  execFileSync(ctlCmd, ctlArgs, { stdio: 'ignore' });
  started.pgDir = dir;
  started.pgBin = bin;
  return `postgres://postgres@127.0.0.1:${port}/postgres`;
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
  if (!process.env.TEST_DATABASE_URL) process.env.TEST_DATABASE_URL = await startPostgres(started);
  if (!process.env.TEMPORAL_TEST_SERVER) process.env.TEMPORAL_TEST_SERVER = ensureTestServer();
}

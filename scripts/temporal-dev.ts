/** Starts the Temporal CLI dev server as `temporal-dev.yaml` describes it. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT } from './tools';

/** The contents of `temporal-dev.yaml`. */
export interface TemporalDevConfig {
  namespace: string;
  ip: string;
  ports: { frontend: number; ui: number; http: number; metrics: number };
  database: string | null;
  codecEndpoint: string | null;
  logLevel: string;
  searchAttributes: Record<string, string>;
  dynamicConfig: Record<string, unknown>;
}

/** Reads `temporal-dev.yaml` (or another file). */
export function readTemporalDevConfig(file = path.join(ROOT, 'temporal-dev.yaml')): TemporalDevConfig {
  return YAML.parse(fs.readFileSync(file, 'utf8')) as TemporalDevConfig;
}

/** The `temporal server start-dev` arguments for a configuration. */
export function startDevArgs(c: TemporalDevConfig, opts: { headless?: boolean } = {}): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    c.ip,
    '--port',
    String(c.ports.frontend),
    '--http-port',
    String(c.ports.http),
    '--metrics-port',
    String(c.ports.metrics),
  ];
  if (c.namespace !== 'default') args.push('--namespace', c.namespace);
  if (c.database) {
    const file = path.resolve(ROOT, c.database);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    args.push('--db-filename', file);
  }
  if (opts.headless) args.push('--headless');
  else {
    args.push('--ui-port', String(c.ports.ui));
    if (c.codecEndpoint) args.push('--ui-codec-endpoint', c.codecEndpoint);
  }
  args.push('--log-level', c.logLevel);
  for (const [name, type] of Object.entries(c.searchAttributes)) args.push('--search-attribute', `${name}=${type}`);
  for (const [key, value] of Object.entries(c.dynamicConfig))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

/** Resolves once something accepts TCP connections on host:port (or rejects after `timeoutMs`). */
export async function waitForPort(host: string, port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`the process meant to listen on ${host}:${port} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Spawns the dev server and waits until its frontend accepts connections. */
export async function startTemporalDev(
  cli: string,
  c: TemporalDevConfig,
  opts: { headless?: boolean; quiet?: boolean } = {},
): Promise<ChildProcess> {
  const child = spawn(cli, startDevArgs(c, opts), { stdio: opts.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'] });
  await waitForPort(c.ip, c.ports.frontend, 60_000, child);
  return child;
}

/** A dev server kept running: restarted with back-off whenever it exits, on the same SQLite file. */
export interface SupervisedTemporalDev {
  /** The server process of the moment. */
  current(): ChildProcess;
  /** Stops supervising and stops the server. */
  stop(): Promise<void>;
}

/** The first wait before a restart; it doubles after each quick failure up to `RESTART_MAX_MS`. */
const RESTART_MIN_MS = 500;
const RESTART_MAX_MS = 30_000;
/** A server that stayed up this long resets the back-off. */
const STABLE_AFTER_MS = 60_000;

/**
 * Starts the dev server and supervises it: when it exits (killed, crashed), it is started again after a
 * back-off on the same database file, so histories are kept and the workers and API reconnect to it.
 */
export async function superviseTemporalDev(
  cli: string,
  c: TemporalDevConfig,
  opts: { headless?: boolean; quiet?: boolean; log?: (line: string) => void } = {},
): Promise<SupervisedTemporalDev> {
  const log = opts.log ?? ((line: string) => console.error(line));
  let child = await startTemporalDev(cli, c, opts);
  let startedAt = Date.now();
  let backoff = RESTART_MIN_MS;
  let stopping = false;
  let restarting: Promise<void> = Promise.resolve();

  const watch = (proc: ChildProcess) => {
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > STABLE_AFTER_MS) backoff = RESTART_MIN_MS;
      const wait = backoff;
      backoff = Math.min(backoff * 2, RESTART_MAX_MS);
      log(`[dev] the Temporal dev service exited (${signal ?? code}); restarting it in ${wait} ms`);
      restarting = (async () => {
        for (;;) {
          await new Promise((r) => setTimeout(r, wait));
          if (stopping) return;
          try {
            child = await startTemporalDev(cli, c, opts);
            startedAt = Date.now();
            log('[dev] the Temporal dev service is back');
            watch(child);
            return;
          } catch (err) {
            log(`[dev] restarting the Temporal dev service failed: ${(err as Error).message}; trying again`);
          }
        }
      })();
    });
  };
  watch(child);
  // (Ctrl-C and SIGTERM reach the server too: its exit then is the end, not a crash)
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => {
      stopping = true;
    });

  return {
    current: () => child,
    async stop() {
      stopping = true;
      await restarting;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

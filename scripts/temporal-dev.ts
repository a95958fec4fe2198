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
    if (child && child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
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

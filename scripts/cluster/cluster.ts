/**
 * The product as a real deployment runs it, on one machine: PostgreSQL; the Temporal server as four
 * separate services (frontend, history, matching, internal worker) on PostgreSQL persistence and SQL
 * visibility; then migrations, two API instances, two main workers and one token station, each its own
 * process. Used by `npm run cluster`, the cluster test suite and `bench:cases`.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import pgModule from 'pg';
import YAML from 'yaml';
import { parseEnvFile, ensureDevEnv } from '../env-files';
import { startPostgresIn, stopPostgres, type ScratchPostgres } from '../scratch-postgres';
import { freePort, readTemporalDevConfig, startDevArgs, waitForPort } from '../temporal-dev';
import { ensureSoftHsmConfig, initBlankTokens, TOKEN_DEFAULTS } from '../tokens';
import { ensureTemporalCli, ROOT } from '../tools';
import { ensureTemporalServer, type TemporalServerTools } from './temporal-server';

const run = promisify(execFile);

/** The Temporal services, each started as its own process. */
export const TEMPORAL_SERVICES = ['frontend', 'history', 'matching', 'worker'] as const;
/** A Temporal service. */
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

/** Ports of a cluster; each service's membership port is its gRPC port + 100. */
export interface ClusterPorts {
  postgres: number;
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  apis: number[];
}

/** What to start and where its state lives. */
export interface ClusterOptions {
  /** Folder of the cluster's state: PostgreSQL data, uploads, keys, SoftHSM tokens, logs. */
  stateDir: string;
  ports: ClusterPorts;
  /** Main workers (task queue `bpm`). */
  workers: number;
  /** Blank SoftHSM tokens the station holds on first start. */
  blankTokens: number;
  /** Extra environment for the product's processes (e.g. CAPTCHA_TEST_ANSWER). */
  env?: Record<string, string>;
  /** The Temporal server as four services on PostgreSQL (`cluster`), or the CLI's dev server on SQLite (`dev`). */
  engine: 'cluster' | 'dev';
  /** Durable PostgreSQL (fsync on) for `npm run cluster`; off for tests and benchmarks. */
  durable: boolean;
  log?: (line: string) => void;
}

/** One process of the cluster, which can be killed and started again. */
export interface ClusterProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Sends `signal` and waits until the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the process again (after `kill`), with the same arguments and environment. */
  start(): Promise<void>;
}

/** A running cluster. */
export interface Cluster {
  /** Base URLs of the API instances, e.g. `http://127.0.0.1:3101`. */
  apis: string[];
  temporalAddress: string;
  databaseUrl: string;
  namespace: string;
  /** Environment every product process runs with (keys included: keep it in memory). */
  env: Record<string, string>;
  /** Processes by name: `temporal-frontend` …, `api-1`, `api-2`, `worker-1`, `worker-2`, `station`. */
  processes: Map<string, ClusterProcess>;
  /** Folder of the PostgreSQL data (inside the state folder when the server's user can reach it). */
  postgresDir: string;
  /** Token serials of the station's blank tokens made at first start. */
  tokenSerials: string[];
  stop(): Promise<void>;
}

/** Default ports of `npm run cluster` (apart from the dev server's 7233/8233 and `npm start`'s 3000). */
export const DEFAULT_PORTS: ClusterPorts = {
  postgres: 55432,
  frontend: 7333,
  frontendHttp: 7343,
  history: 7334,
  matching: 7335,
  worker: 7339,
  apis: [3101, 3102],
};

/**
 * Free ports for a cluster that must not collide with anything (tests, benchmarks). The Temporal
 * services' ports come from one block below 32768 (the SQL schema keeps membership ports as smallint).
 */
export async function freeClusterPorts(apis = 2): Promise<ClusterPorts> {
  for (;;) {
    const base = 20000 + Math.floor(Math.random() * 12000);
    const block = [0, 1, 2, 3, 4, 100, 101, 102, 103].map((d) => base + d);
    if (!(await Promise.all(block.map(isFree))).every(Boolean)) continue;
    return {
      postgres: await freePort(),
      frontend: base,
      history: base + 1,
      matching: base + 2,
      worker: base + 3,
      frontendHttp: base + 4,
      apis: await Promise.all(Array.from({ length: apis }, () => freePort())),
    };
  }
}

/** True if this process can bind 127.0.0.1:port right now (a connect test misses ports bound elsewhere). */
async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** The last lines of a service's log, for an error that says why it stopped. */
function logTail(logFile: string, lines = 30): string {
  if (!fs.existsSync(logFile)) return `(no log at ${logFile})`;
  const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  return `--- last lines of ${logFile} ---\n${tail}`;
}

/** The Temporal server's configuration for this cluster (one file all four services read). */
export function temporalServerConfig(ports: ClusterPorts, dynamicConfigFile: string): Record<string, unknown> {
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `127.0.0.1:${ports.postgres}`,
      connectProtocol: 'tcp',
      user: 'postgres',
      password: '',
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const service = (grpcPort: number, extra: Record<string, unknown> = {}) => ({
    rpc: { grpcPort, membershipPort: grpcPort + 100, bindOnLocalHost: true, ...extra },
  });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'default',
      visibilityStore: 'visibility',
      numHistoryShards: 4,
      datastores: { default: sql('temporal', 20), visibility: sql('temporal_visibility', 10) },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: service(ports.frontend, { httpPort: ports.frontendHttp }),
      history: service(ports.history),
      matching: service(ports.matching),
      worker: service(ports.worker),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: {
          enabled: true,
          initialFailoverVersion: 1,
          rpcName: 'frontend',
          rpcAddress: `127.0.0.1:${ports.frontend}`,
        },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } },
    namespaceDefaults: { archival: { history: { state: 'disabled' }, visibility: { state: 'disabled' } } },
    dynamicConfigClient: { filepath: dynamicConfigFile, pollInterval: '10s' },
  };
}

/** temporal-dev.yaml's dynamic configuration in the server's file format, plus what a cluster needs. */
function dynamicConfig(): Record<string, { value: unknown }[]> {
  const values: Record<string, unknown> = {
    ...readTemporalDevConfig().dynamicConfig,
    // A namespace or search attribute created at start is usable within a second, not ten.
    'system.namespaceCacheRefreshInterval': '1s',
  };
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, [{ value: v }]]));
}

/** A child process restarted on demand, its output appended to `logFile`. */
function managed(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
  ready: (child: () => ChildProcess | null) => Promise<void> = async () => {},
): ClusterProcess & { child(): ChildProcess | null } {
  let child: ChildProcess | null = null;
  const start = async () => {
    const out = fs.openSync(logFile, 'a');
    child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    try {
      await ready(() => child);
    } catch (err) {
      throw new Error(`${name} did not start: ${(err as Error).message}\n${logTail(logFile)}`);
    }
  };
  return {
    name,
    get pid() {
      return child?.pid;
    },
    child: () => child,
    start,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      await exited;
    },
  };
}

async function sqlTool(tools: TemporalServerTools, port: number, db: string, args: string[]): Promise<void> {
  await run(tools.sqlTool, [
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    String(port),
    '-u',
    'postgres',
    '--db',
    db,
    ...args,
  ]);
}

/** Creates the Temporal databases and brings their schemas to the version the server ships with. */
async function setUpTemporalSchemas(tools: TemporalServerTools, port: number): Promise<void> {
  for (const [db, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ]) {
    await sqlTool(tools, port, db, ['create-database']).catch((err: { stderr?: string }) => {
      if (!/already exists/.test(String(err.stderr ?? err))) throw err;
    });
    await sqlTool(tools, port, db, ['setup-schema', '-v', '0.0']);
    await sqlTool(tools, port, db, ['update-schema', '-d', path.join(tools.schemaDir, dir, 'versioned')]);
  }
}

async function retry<T>(what: string, timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`${what}: ${(err as { stderr?: string }).stderr ?? err}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** The namespace with its retention and the product's search attributes, usable by workflows. */
async function createNamespace(address: string, namespace: string): Promise<void> {
  const cli = ensureTemporalCli();
  const common = ['--address', address, '--namespace', namespace];
  const exists = await run(cli, ['operator', 'namespace', 'describe', ...common]).then(
    () => true,
    () => false,
  );
  if (!exists)
    await retry('creating the namespace', 60_000, () =>
      run(cli, ['operator', 'namespace', 'create', ...common, '--retention', '720h']),
    );
  const attributes = readTemporalDevConfig().searchAttributes;
  for (const [name, type] of Object.entries(attributes))
    await retry(`search attribute ${name}`, 60_000, () =>
      run(cli, ['operator', 'search-attribute', 'create', ...common, '--name', name, '--type', type]).catch((err) => {
        if (!/already exists/i.test(String(err.stderr ?? err))) throw err;
      }),
    );
  const probe = Object.keys(attributes).map((n) => `${n} = 'probe'`)[0];
  await retry('the namespace answering queries', 60_000, () =>
    run(cli, ['workflow', 'list', ...common, '--query', probe, '--limit', '1']),
  );
}

/** The product's environment for every process of the cluster. */
function productEnv(opts: ClusterOptions, databaseUrl: string, namespace: string): Record<string, string> {
  const dataDir = path.join(opts.stateDir, 'data');
  const keys = parseEnvFile(fs.readFileSync(ensureDevEnv(dataDir).file, 'utf8'));
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: `127.0.0.1:${opts.ports.frontend}`,
    TEMPORAL_NAMESPACE: namespace,
    HTTP_HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${opts.ports.apis[0]}`,
    SOFTHSM_DIR: path.join(opts.stateDir, 'softhsm'),
    SOFTHSM2_CONF: ensureSoftHsmConfig(path.join(opts.stateDir, 'softhsm')),
    ...keys,
    ...(opts.env ?? {}),
  };
}

async function waitReady(url: string, child: () => ChildProcess | null): Promise<void> {
  await retry(`${url}/ready`, 120_000, async () => {
    const c = child();
    if (!c || c.exitCode !== null) throw new Error(`the process serving ${url} exited`);
    const res = await fetch(`${url}/ready`);
    if (res.status !== 200) throw new Error(`${url}/ready answered ${res.status}`);
  });
}

/**
 * Where the cluster's PostgreSQL keeps its data: `<stateDir>/postgres`, unless the server's `postgres`
 * user (root runs it as that user) cannot reach that folder; then a folder of the temporary directory
 * named after the state folder.
 */
function postgresDir(stateDir: string): string {
  const inside = path.join(stateDir, 'postgres');
  if (process.getuid?.() !== 0) return inside;
  const reachable = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', stateDir]).status === 0;
  if (reachable) return inside;
  const name = createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `bpm-cluster-postgres-${name}`);
}

/** Starts everything; resolves once both API instances answer `/ready` with workers polling. */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const log = opts.log ?? (() => {});
  const logs = path.join(opts.stateDir, 'logs');
  fs.mkdirSync(logs, { recursive: true });
  const namespace = 'default';

  const pgDir = postgresDir(opts.stateDir);
  log(`[cluster] PostgreSQL on 127.0.0.1:${opts.ports.postgres} (data in ${pgDir})`);
  const pg: ScratchPostgres = await startPostgresIn(pgDir, opts.ports.postgres, { durable: opts.durable });
  const processes = new Map<string, ReturnType<typeof managed>>();
  const stop = async () => {
    for (const group of [['api-', 'worker-', 'station'], ['temporal-']])
      await Promise.all(
        [...processes.values()].filter((p) => group.some((g) => p.name.startsWith(g))).map((p) => p.kill('SIGTERM')),
      );
    stopPostgres(pg, opts.durable ? 'fast' : 'immediate');
  };
  try {
    if (opts.engine === 'dev') {
      const dev = readTemporalDevConfig();
      const ports = { frontend: opts.ports.frontend, http: opts.ports.frontendHttp, ui: 0, metrics: await freePort() };
      const database = path.join(opts.stateDir, 'temporal', 'dev.sqlite');
      const args = startDevArgs({ ...dev, ports, database, logLevel: 'warn' }, { headless: true });
      const p = managed('temporal-dev', ensureTemporalCli(), args, process.env, path.join(logs, 'temporal-dev.log'));
      processes.set(p.name, p);
      await p.start();
      log(`[cluster] Temporal dev server (one process, SQLite) on 127.0.0.1:${opts.ports.frontend}`);
    } else {
      const tools = ensureTemporalServer(log);
      await setUpTemporalSchemas(tools, opts.ports.postgres);
      const configDir = path.join(opts.stateDir, 'temporal', 'config');
      fs.mkdirSync(configDir, { recursive: true });
      const dynamicFile = path.join(configDir, 'dynamicconfig.yaml');
      fs.writeFileSync(dynamicFile, YAML.stringify(dynamicConfig()));
      fs.writeFileSync(
        path.join(configDir, 'cluster.yaml'),
        YAML.stringify(temporalServerConfig(opts.ports, dynamicFile)),
      );
      for (const service of TEMPORAL_SERVICES) {
        const args = ['--root', path.dirname(configDir), '--config', 'config', '--env', 'cluster', '--allow-no-auth'];
        const p = managed(
          `temporal-${service}`,
          tools.server,
          [...args, 'start', '--service', service],
          process.env,
          path.join(logs, `temporal-${service}.log`),
          // The internal worker service serves no clients; the others are up once they listen.
          service === 'worker'
            ? undefined
            : (c) => waitForPort('127.0.0.1', opts.ports[service], 90_000, c() ?? undefined),
        );
        processes.set(p.name, p);
      }
      // On an empty database each service writes the cluster's metadata record if it finds none; started
      // together, the losers of that race exit. The frontend writes it first, the others then find it.
      const [first, ...rest] = TEMPORAL_SERVICES;
      await processes.get(`temporal-${first}`)!.start();
      await Promise.all(rest.map((service) => processes.get(`temporal-${service}`)!.start()));
      log(`[cluster] Temporal services (frontend 127.0.0.1:${opts.ports.frontend}, history, matching, worker)`);
    }
    const temporalAddress = `127.0.0.1:${opts.ports.frontend}`;
    const frontend = processes.get('temporal-frontend') ?? processes.get('temporal-dev');
    await waitForPort('127.0.0.1', opts.ports.frontend, 90_000, frontend?.child() ?? undefined);
    await createNamespace(temporalAddress, namespace);

    const admin = pg.url;
    const databaseUrl = admin.replace(/\/postgres$/, '/bpm');
    const pgClient = new pgModule.Client({ connectionString: admin });
    await pgClient.connect();
    try {
      const { rowCount } = await pgClient.query(`SELECT 1 FROM pg_database WHERE datname = 'bpm'`);
      if (!rowCount) await pgClient.query('CREATE DATABASE bpm');
    } finally {
      await pgClient.end();
    }
    const env = productEnv(opts, databaseUrl, namespace);
    const childEnv = { ...process.env, ...env };
    await run(process.execPath, ['--import', 'tsx', 'scripts/migrate.ts'], { cwd: ROOT, env: childEnv });

    const softhsmTokens = path.join(env.SOFTHSM_DIR, 'tokens');
    const tokenSerials =
      fs.existsSync(softhsmTokens) && fs.readdirSync(softhsmTokens).length > 0
        ? []
        : initBlankTokens({
            conf: env.SOFTHSM2_CONF,
            count: opts.blankTokens,
            labelPrefix: TOKEN_DEFAULTS.labelPrefix,
            soPin: TOKEN_DEFAULTS.soPin,
            pin: TOKEN_DEFAULTS.factoryPin,
          });
    const node = (
      name: string,
      script: string,
      extra: Record<string, string> = {},
      ready?: (child: () => ChildProcess | null) => Promise<void>,
    ) => {
      const p = managed(
        name,
        process.execPath,
        ['--import', 'tsx', script],
        { ...childEnv, ...extra },
        path.join(logs, `${name}.log`),
        ready,
      );
      processes.set(name, p);
      return p;
    };
    for (let i = 1; i <= opts.workers; i++) await node(`worker-${i}`, 'workers/main.ts').start();
    await node('station', 'workers/token-station.ts').start();
    const apis = opts.ports.apis.map((port, i) => {
      const url = `http://127.0.0.1:${port}`;
      return { url, p: node(`api-${i + 1}`, 'api/server.ts', { HTTP_PORT: String(port) }, (c) => waitReady(url, c)) };
    });
    await Promise.all(apis.map((a) => a.p.start()));
    log(
      `[cluster] APIs ${apis.map((a) => a.url).join(', ')}; ${opts.workers} main workers; station ${env.STATION_ID ?? 'local'}`,
    );
    return {
      apis: apis.map((a) => a.url),
      temporalAddress,
      databaseUrl,
      namespace,
      env,
      processes,
      postgresDir: pgDir,
      tokenSerials,
      stop,
    };
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
}

/** Shared set-up of the benchmarks: a scratch PostgreSQL, optionally a Temporal dev server, timing helpers. */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../platform/config';
import { startScratchPostgres, stopScratchPostgres, type ScratchPostgres } from '../scripts/scratch-postgres';
import { freePort, readTemporalDevConfig, startTemporalDev } from '../scripts/temporal-dev';
import { ensureTemporalCli } from '../scripts/tools';

/** Services a benchmark runs against. */
export interface BenchEnv {
  config: Config;
  stop(): Promise<void>;
}

/** Starts scratch PostgreSQL (and a Temporal dev server when `temporal`) and builds a configuration for them. */
export async function startBenchEnv(opts: { temporal: boolean }): Promise<BenchEnv> {
  const pg: ScratchPostgres = await startScratchPostgres();
  let temporal: ChildProcess | null = null;
  let address = 'localhost:7233';
  if (opts.temporal) {
    const dev = readTemporalDevConfig();
    const ports = { frontend: await freePort(), ui: await freePort(), http: await freePort(), metrics: await freePort() };
    temporal = await startTemporalDev(ensureTemporalCli(), { ...dev, ports, database: null, logLevel: 'error' }, { headless: true, quiet: true });
    address = `${dev.ip}:${ports.frontend}`;
  }
  const key = randomBytes(32).toString('base64');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: pg.url,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: 'bench',
    CODEC_KEYS: `bench:${key}`,
    SECRET_STORE_KEY: randomBytes(32).toString('base64'),
    CAPTCHA_TEST_ANSWER: 'bench',
  });
  return {
    config,
    async stop() {
      if (temporal && temporal.exitCode === null) {
        temporal.kill('SIGTERM');
        await new Promise((r) => temporal!.once('exit', r));
      }
      stopScratchPostgres(pg);
    },
  };
}

/** The q-quantile (0..1) of `values` (nearest rank). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Milliseconds since an arbitrary origin, high resolution. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Signs in through the API over HTTP; returns the session token. */
export async function httpLogin(base: string, loginName: string, password: string, captcha: string): Promise<string> {
  const { captchaId } = (await (await fetch(`${base}/api/v1/auth/captcha`)).json()) as { captchaId: string };
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ loginName, password, captchaId, captcha }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Shared set-up of the benchmarks: a scratch PostgreSQL, optionally a Temporal dev server, timing helpers. */
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../platform/config';
import { startScratchServices } from '../scripts/scratch-services';

/** Services a benchmark runs against. */
export interface BenchEnv {
  config: Config;
  stop(): Promise<void>;
}

/** Starts scratch PostgreSQL (and a Temporal dev server when `temporal`) and builds a configuration for them. */
export async function startBenchEnv(opts: { temporal: boolean }): Promise<BenchEnv> {
  const services = await startScratchServices({ temporal: opts.temporal, postgres: true });
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: services.databaseUrl,
    TEMPORAL_ADDRESS: services.temporalAddress ?? 'localhost:7233',
    TEMPORAL_TASK_QUEUE: 'bench',
    CODEC_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    SECRET_STORE_KEY: randomBytes(32).toString('base64'),
    CAPTCHA_TEST_ANSWER: 'bench',
  });
  return { config, stop: () => services.stop() };
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

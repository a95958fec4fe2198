/**
 * A throwaway instance of the product for the fuzzer, started as the test suite starts its services
 * (scratch Temporal dev server and PostgreSQL) and run as `npm start` runs it (API, main worker, token
 * station on SoftHSM2). `startFuzzInstance` runs this file as a child process whose log goes to a file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { startScratchServices } from '../scratch-services';
import { startStack } from '../stack';
import { freePort } from '../temporal-dev';
import { ROOT } from '../tools';

/** A running instance: its URL, the first admin's credentials, the captcha answer it accepts. */
export interface FuzzInstance {
  url: string;
  admin: { loginName: string; password: string };
  captcha: string;
  stop(): Promise<void>;
}

/** Starts the instance in a child process logging to `logFile`; resolves once `GET /ready` answers 200. */
export async function startFuzzInstance(logFile: string, captcha: string): Promise<FuzzInstance> {
  const port = await freePort();
  const admin = { loginName: 'admin', password: `Fz${randomBytes(9).toString('base64url')}9` };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-fuzz-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HTTP_PORT: String(port),
    PUBLIC_URL: `http://localhost:${port}`,
    DATA_DIR: dataDir,
    CODEC_KEYS: `fuzz1:${randomBytes(32).toString('base64')}`,
    SECRET_STORE_KEY: randomBytes(32).toString('base64'),
    CAPTCHA_TEST_ANSWER: captcha,
    BOOTSTRAP_ADMIN_LOGIN: admin.loginName,
    BOOTSTRAP_ADMIN_PASSWORD: admin.password,
    // The fuzzer sends thousands of requests a minute from one address; the limits stay, scaled out of its way.
    RATE_LIMIT_FACTOR: '10000',
    STATION_BLANK_TOKENS: '6',
  };
  for (const name of [
    'TEMPORAL_ADDRESS',
    'DATABASE_URL',
    'SOFTHSM2_CONF',
    'PGLITE_DIR',
    'UPLOAD_DIR',
    'CA_DIR',
    'SOFTHSM_DIR',
  ])
    delete env[name];
  const log = fs.openSync(logFile, 'a');
  const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [__filename], {
    cwd: ROOT,
    env,
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.closeSync(log);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(url, child);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, admin, captcha, stop };
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the fuzz instance exited with code ${child.exitCode} before it was ready (see its log)`);
    const ok = await fetch(`${url}/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the fuzz instance at ${url} was not ready within ${timeoutMs / 1000} s`);
}

async function main(): Promise<void> {
  const services = await startScratchServices({ temporal: true, postgres: true });
  const config = loadConfig({
    ...process.env,
    TEMPORAL_ADDRESS: services.temporalAddress,
    DATABASE_URL: services.databaseUrl,
  });
  await startStack(config, createLogger(config.logLevel));
  // (SIGTERM ends the process; the scratch services stop on its exit)
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

/**
 * Test harness: a fresh PostgreSQL database per test file, the real Temporal service, a worker running
 * the given workflows on its own task queue, and the Fastify app driven through `inject`.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, NativeConnection, Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp, type AppDeps } from '../../api/app';
import { createStaffUser } from '../../api/repos/users';
import { createActivities } from '../../activities';
import type { Role } from '../../domain/roles';
import { loadConfig, type Config } from '../../platform/config';
import { openDb, postgresPool, type Db } from '../../platform/db';
import type { Database } from '../../platform/db/schema';
import { openServices, type Services } from '../../integrations';
import { connectClient } from '../../platform/temporal';
import { sharedWorkerOptions } from '../../workers/options';

/** The codec key every test uses (fixed, test only). */
export const TEST_CODEC_KEY = Buffer.alloc(32, 7).toString('base64');
/** The captcha answer in tests. */
export const CAPTCHA = 'pass1';

/** A configuration for tests; `overrides` are environment variables. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CODEC_KEYS: `test1:${TEST_CODEC_KEY}`,
    SECRET_STORE_KEY: Buffer.alloc(32, 9).toString('base64'),
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS ?? 'localhost:7233',
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? '',
    CAPTCHA_TEST_ANSWER: CAPTCHA,
    PUBLIC_URL: 'http://localhost:3000',
    DATA_DIR: path.join(os.tmpdir(), `bpm-test-${process.pid}`),
    RATE_LIMIT_FACTOR: '100',
    ...overrides,
  });
}

/** Creates an empty database on the test PostgreSQL server; returns its URL and a drop function. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_DATABASE_URL;
  if (!admin) throw new Error('TEST_DATABASE_URL is not set (the jest global setup sets it)');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A PGlite folder for the embedded default; `url` is its path. */
async function createEmbeddedDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pglite-'));
  return { url: path.join(dir, 'pglite'), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Opens kysely on a database URL. */
export function openTestDb(url: string): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(url, 10) }) });
}

/** Bundles workflow code once (per test file). */
export async function bundle(workflowsPath: string): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} } as never,
  });
}

/** A running test stack. */
export interface Harness {
  config: Config;
  services: Services;
  db: Db;
  client: Client;
  app: FastifyInstance;
  worker: Worker | null;
  /** Sends a request, with a bearer token if given. */
  http(opts: InjectOptions & { token?: string }): Promise<LightMyRequestResponse>;
  /** Creates an active staff user; returns its ID. */
  staff(
    loginName: string,
    roles: Role[],
    extra?: { enterpriseId?: string; password?: string; mobile?: string; email?: string; department?: string },
  ): Promise<string>;
  /** Signs in through the API; returns the token. */
  login(loginName: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** Default password of harness users. */
export const PASSWORD = 'Passw0rd1';

/** Starts database, services, worker and app for one test file. */
export async function startHarness(opts: {
  /** Workflows for a worker on the harness's task queue; without it, no worker runs. */
  workflowBundle?: WorkflowBundle;
  env?: Record<string, string>;
  extraActivities?: (services: Services) => Record<string, (...args: never[]) => unknown>;
  connection?: NativeConnection;
  client?: Client;
  captcha?: AppDeps['captcha'];
  /** Run on the embedded default (PGlite in a temp folder) instead of PostgreSQL. */
  embedded?: boolean;
}): Promise<Harness> {
  const database = opts.embedded ? await createEmbeddedDatabase() : await createTestDatabase();
  const config = testConfig({
    DATABASE_URL: opts.embedded ? '' : database.url,
    PGLITE_DIR: opts.embedded ? database.url : '',
    ...(opts.env ?? {}),
  });
  const db = opts.embedded ? await openDb({ databaseUrl: null, pgliteDir: database.url }) : openTestDb(database.url);
  const services = await openServices(config, db);
  const client = opts.client ?? (await connectClient(config));
  const connection = opts.connection ?? (await NativeConnection.connect({ address: config.temporal.address }));
  const worker = opts.workflowBundle
    ? await Worker.create({
        ...sharedWorkerOptions(config),
        connection,
        taskQueue: config.temporal.taskQueue,
        workflowBundle: opts.workflowBundle,
        activities: { ...createActivities({ ...services, config }), ...(opts.extraActivities?.(services) ?? {}) },
        shutdownGraceTime: '1 second',
      })
    : null;
  const running = worker?.run();
  const app = await buildApp({
    ...services,
    config,
    temporal: client,
    captcha: opts.captcha,
    logger: process.env.TEST_LOG ? { level: 'error' } : false,
  });
  await app.ready();

  const http: Harness['http'] = ({ token, headers, ...rest }) =>
    app.inject({ ...rest, headers: { ...(headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) } });

  return {
    config,
    services,
    db,
    client,
    app,
    worker,
    http,
    async staff(loginName, roles, extra = {}) {
      const user = await createStaffUser(db, {
        loginName,
        password: extra.password ?? PASSWORD,
        displayName: `${loginName} 测试`,
        roles,
        department: extra.department ?? '交易中心',
        mobile: extra.mobile ?? null,
        email: extra.email ?? null,
      });
      if (!user) throw new Error(`user ${loginName} exists`);
      if (extra.enterpriseId) {
        await db
          .insertInto('enterprises')
          .values({ id: extra.enterpriseId, entity_name: extra.enterpriseId, name_key: extra.enterpriseId })
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      if (extra.enterpriseId)
        await db.updateTable('users').set({ enterprise_id: extra.enterpriseId }).where('id', '=', user.id).execute();
      return user.id;
    },
    async login(loginName, password = PASSWORD) {
      const captcha = (await http({ method: 'GET', url: '/api/v1/auth/captcha' })).json() as { captchaId: string };
      const res = await http({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { loginName, password, captchaId: captcha.captchaId, captcha: CAPTCHA },
      });
      if (res.statusCode !== 200) throw new Error(`login ${loginName} failed: ${res.statusCode} ${res.body}`);
      return (res.json() as { token: string }).token;
    },
    async close() {
      await app.close();
      worker?.shutdown();
      await running;
      if (!opts.connection) await connection.close();
      if (!opts.client) await client.connection.close();
      await services.close();
      await database.drop();
    },
  };
}

/**
 * Polls `probe` every `everyMs` until it returns a value other than `undefined`/`false` (waiting on
 * asynchronous projections).
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false | null>,
  what = 'condition',
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false && v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

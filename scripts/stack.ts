/** The whole product in one process (the embedded default): services, workers and the API. */
import fs from 'node:fs';
import path from 'node:path';
import type { Worker } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { openSession, revokeUserSessions } from '../api/repos/sessions';
import type { Config } from '../platform/config';
import type { Logger } from '../platform/logger';
import { openServices } from '../platform/services';
import { connectClient, connectWorker } from '../platform/temporal';
import { createMainWorker } from '../workers/main';
import { installWorkerRuntime } from '../workers/options';
import { sql } from 'kysely';

/** File holding the token `npm run create-user` uses against a running embedded product. */
export function localAdminTokenFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'local-admin.token');
}

/** A running stack. */
export interface Stack {
  stop(): Promise<void>;
}

/** Starts services, the main worker and the API; resolves once the API listens. */
export async function startStack(config: Config, logger: Logger): Promise<Stack> {
  installWorkerRuntime(logger);
  const services = await openServices(config);

  const client = await connectClient(config);
  const workerConnection = await connectWorker(config);
  const workers: Worker[] = [await createMainWorker({ config, services, connection: workerConnection })];
  const running = workers.map((w) => w.run());

  const app = await buildApp({ config, db: services.db, temporal: client, notifier: services.notifier, secrets: services.secrets });
  if (!config.databaseUrl) await writeLocalAdminToken(config, services.db);
  await app.listen({ host: config.http.host, port: config.http.port });

  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.close();
      for (const w of workers) w.shutdown();
      await Promise.allSettled(running);
      await workerConnection.close();
      await client.connection.close();
      await services.close();
    },
  };
}

/** Issues a fresh admin token for local scripts, readable by the owner only. */
async function writeLocalAdminToken(config: Config, db: Awaited<ReturnType<typeof openServices>>['db']): Promise<void> {
  const admin = await db.selectFrom('users').select('id').where(sql<boolean>`'admin' = any(roles)`).where('status', '=', 'active').orderBy('created_at').executeTakeFirst();
  const file = localAdminTokenFile(config);
  fs.rmSync(file, { force: true });
  if (!admin) return;
  await revokeUserSessions(db, admin.id, 'local-cli');
  const { token } = await openSession(db, admin.id, 30 * 24 * 3_600_000, 'local-cli');
  fs.writeFileSync(file, token, { mode: 0o600 });
}

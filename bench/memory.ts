/**
 * `npm run bench:memory`: open cases one main worker holds (their workflows cached, sticky) per GB of
 * its resident memory. One main worker runs as its own process, as in production; registrations are
 * opened until BENCH_OPEN_CASES (2,000) wait at their first review, then the worker's RSS is read from
 * /proc. Last line `memory cached_per_gb=<n>`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { registrationStart, startProcess } from '../api/start-process';
import { openDb } from '../platform/db';
import { migrateToLatest } from '../platform/db/migrate';
import { connectClient } from '../platform/temporal';
import { ROOT } from '../scripts/tools';
import { startBenchEnv } from './support';

const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 2000);
/** Registrations started at once while opening cases. */
const START_BATCH = 50;

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function main(): Promise<void> {
  const env = await startBenchEnv({ temporal: true });
  const { config } = env;
  const db = await openDb(config);
  await migrateToLatest(db);
  const client = await connectClient(config);
  const worker = spawn(process.execPath, ['--import', 'tsx', 'workers/main.ts'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: config.databaseUrl!,
      TEMPORAL_ADDRESS: config.temporal.address,
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      CODEC_KEYS: `${config.codec.activeKeyId}:${config.codec.keys[config.codec.activeKeyId].toString('base64')}`,
      SECRET_STORE_KEY: config.secretStoreKey.toString('base64'),
    },
  });
  try {
    const openTasks = async () =>
      Number(
        (
          await db
            .selectFrom('tasks')
            .select(sql<string>`count(*)`.as('n'))
            .where('status', '=', 'open')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const app = { temporal: client, config } as unknown as FastifyInstance;
    const timings = {
      reviewDueMs: config.tasks.remindAfterMs,
      escalateAfterMs: config.tasks.escalateAfterMs - config.tasks.remindAfterMs,
      escalationRole: config.tasks.escalationRole,
      correctionWindowMs: config.registration.correctionWindowMs,
    };
    const openOne = async () => {
      const enterpriseId = randomUUID();
      await db
        .insertInto('enterprises')
        .values({ id: enterpriseId, entity_name: `基准企业${enterpriseId}`, name_key: enterpriseId })
        .execute();
      await startProcess(app, registrationStart({ enterpriseId, submission: 1, reviewerIds: null, timings }));
    };
    // The worker's own footprint first: one case, so that its workflow code is loaded.
    await openOne();
    while ((await openTasks()) < 1) await new Promise((r) => setTimeout(r, 200));
    const idleMb = rssMb(worker.pid!);
    for (let opened = 1; opened < OPEN_CASES; opened += START_BATCH)
      await Promise.all(Array.from({ length: Math.min(START_BATCH, OPEN_CASES - opened) }, openOne));
    while ((await openTasks()) < OPEN_CASES) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 2000)); // let the last workflow tasks settle
    const heldMb = rssMb(worker.pid!);
    console.log(
      `open cases ${OPEN_CASES}: worker RSS ${heldMb.toFixed(0)} MB (${idleMb.toFixed(0)} MB with one case; ` +
        `${(((heldMb - idleMb) * 1024) / (OPEN_CASES - 1)).toFixed(0)} KB per further case)`,
    );
    console.log(`memory cached_per_gb=${Math.floor(OPEN_CASES / (heldMb / 1024))}`);
  } finally {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.once('exit', r));
    await client.connection.close();
    await db.destroy();
    await env.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/**
 * `npm run bench:decision`: the cost of deciding a task through the API. In one run, against one
 * Temporal service, each decision on its own parked workflow at a fixed arrival rate:
 *  - http: POST /api/v1/tasks/:id/complete over HTTP (auth, checks, Idempotency-Key, Update);
 *  - bare: the same `completeTask` Update sent with executeUpdate from a client.
 * The two kinds alternate on one schedule, run at 20 and then at 50 decisions a second (`BENCH_RATES`).
 * Each rate prints `decision rate=<r>/s p50_ratio=<x> p99_ratio=<y>`; the last line is the first rate's:
 * `decision p50_ratio=<x> p99_ratio=<y>`.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { buildApp } from '../api/app';
import { actorOf, createStaffUser } from '../api/repos/users';
import { createActivities } from '../activities';
import { completeTaskUpdate } from '../contracts/tasks';
import { createLogger } from '../platform/logger';
import { openServices } from '../integrations';
import { connectClient } from '../platform/temporal';
import { installWorkerRuntime, sharedWorkerOptions } from '../workers/options';
import { httpLogin, nowMs, quantile, startBenchEnv } from './support';

const MEASURED = Number(process.env.BENCH_DECISIONS ?? 400);
const WARMUP = 30;
const RATES_PER_S = (process.env.BENCH_RATES ?? '20,50').split(',').map(Number);

async function main(): Promise<void> {
  installWorkerRuntime(createLogger('warn', 'bench'));
  const env = await startBenchEnv({ temporal: true });
  const { config } = env;
  const services = await openServices(config);
  const client = await connectClient(config);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    ...sharedWorkerOptions(config),
    connection,
    taskQueue: config.temporal.taskQueue,
    workflowsPath: path.join(__dirname, 'workflows'),
    activities: createActivities({ ...services, config }),
  });
  const running = worker.run();
  const app = await buildApp({ ...services, config, temporal: client, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;

  const user = (await createStaffUser(services.db, {
    loginName: 'bench_rev',
    password: 'Bench12345',
    displayName: 'Bench',
    roles: ['registration_reviewer'],
  }))!;
  const token = await httpLogin(base, 'bench_rev', 'Bench12345', 'bench');
  const actor = actorOf(user);

  const p = (xs: number[], q: number) => quantile(xs, q);
  /** Parks one workflow per decision, waits for every task in the inbox, then decides them at `rate` a second. */
  const measure = async (rate: number) => {
    const perKind = WARMUP + MEASURED;
    const handles = await Promise.all(
      Array.from({ length: perKind * 2 }, () =>
        client.workflow.start('benchDecision', {
          taskQueue: config.temporal.taskQueue,
          workflowId: `bench:${randomUUID()}`,
          args: [],
        }),
      ),
    );
    const ids = new Set(handles.map((h) => h.workflowId));
    let tasks: { id: string; process_id: string }[] = [];
    while (tasks.length < ids.size) {
      await new Promise((r) => setTimeout(r, 200));
      tasks = await services.db
        .selectFrom('tasks')
        .select(['id', 'process_id'])
        .where('status', '=', 'open')
        .where('process_id', 'in', [...ids])
        .execute();
    }
    const httpTasks = tasks.slice(0, perKind);
    const bareTasks = tasks.slice(perKind);

    const latency = { http: [] as number[], bare: [] as number[] };
    let retried = 0;
    // As the console does: a 202 `in_progress` (the Update outlasted the route's wait) is asked again
    // with the same key until the decision's answer comes; the latency counts the whole wait.
    const decideHttp = async (t: { id: string }) => {
      const key = randomUUID();
      for (;;) {
        const res = await fetch(`${base}/api/v1/tasks/${t.id}/complete`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
          body: JSON.stringify({ outcome: 'approve', comment: 'ok' }),
        });
        await res.arrayBuffer();
        if (res.status === 200) return;
        if (res.status !== 202) throw new Error(`HTTP decision failed: ${res.status}`);
        retried += 1;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const decideBare = async (t: { id: string; process_id: string }) => {
      await client.workflow.getHandle(t.process_id).executeUpdate(completeTaskUpdate, {
        args: [{ taskId: t.id, outcome: 'approve', comment: 'ok', fields: {}, actor }],
        updateId: randomUUID(),
      });
    };

    // Fixed arrival rate, the two kinds alternating; the first WARMUP of each kind are not counted.
    const interval = 1000 / rate;
    const start = nowMs();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < perKind * 2; i++) {
      const due = start + i * interval;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const kind = i % 2 === 0 ? 'http' : 'bare';
      const n = Math.floor(i / 2);
      const t0 = nowMs();
      const job = kind === 'http' ? decideHttp(httpTasks[n]) : decideBare(bareTasks[n]);
      inflight.push(
        job.then(() => {
          if (n >= WARMUP) latency[kind].push(nowMs() - t0);
        }),
      );
    }
    await Promise.all(inflight);
    if (retried) console.log(`rate=${rate}/s http answers 202 in_progress asked again: ${retried}`);
    return latency;
  };

  const ratios: string[] = [];
  for (const rate of RATES_PER_S) {
    const latency = await measure(rate);
    const line = (k: 'http' | 'bare') =>
      `decision ${k} n=${latency[k].length} p50_ms=${p(latency[k], 0.5).toFixed(1)} p99_ms=${p(latency[k], 0.99).toFixed(1)}`;
    console.log(`rate=${rate}/s warmup=${WARMUP} per kind`);
    console.log(line('http'));
    console.log(line('bare'));
    const r50 = p(latency.http, 0.5) / p(latency.bare, 0.5);
    const r99 = p(latency.http, 0.99) / p(latency.bare, 0.99);
    ratios.push(`p50_ratio=${r50.toFixed(2)} p99_ratio=${r99.toFixed(2)}`);
    console.log(`decision rate=${rate}/s ${ratios[ratios.length - 1]}`);
  }

  await app.close();
  worker.shutdown();
  await running;
  await connection.close();
  await client.connection.close();
  await services.close();
  await env.stop();
  console.log(`decision ${ratios[0]}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

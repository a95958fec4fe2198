/**
 * `npm run bench:cases [-- --engine dev]`: whole cases per minute at saturation, on `npm run cluster`'s
 * topology (two API instances, two main workers, one token station, each its own process) over the
 * Temporal cluster on PostgreSQL, or over the CLI's dev server with `--engine dev`. A case is a
 * registration to approval (two reviews and the phone review) plus an order to one made UKey, driven
 * through the HTTP API by concurrent clients. In the same run, against the same Temporal service, a bare
 * workflow performs the same number of Updates and activities per case with no product code: the engine's
 * limit on this machine. Prints where a case's time goes, client-side and engine-side, and the CPU a case
 * costs each part of the system (engine, database, API, workers, station, the clients); last line
 * `cases per_min=<x> bare_per_min=<y> ratio=<x/y>`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { createLogger } from '../platform/logger';
import { freeClusterPorts, startCluster } from '../scripts/cluster/cluster';
import { caseDriver, caseStaff } from '../test/support/cluster-case';
import { installWorkerRuntime } from '../workers/options';
import { cpuBetween, pidsNamed, readCpu } from './cpu';
import { nowMs, quantile } from './support';
import { bareDone, bareStep } from './workflows/bare-case';

// 32 cases: with fewer, a run's ratio wanders by several per cent. 16 clients keep both kinds of case at
// saturation (the machine 90–99% busy); with 8, the bare case left it idle one part in ten.
const CASES = Number(process.env.BENCH_CASES ?? 32);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
/** How long a client waits before it reads again what it waits for (a task, a status, an SMS). */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 500);
const EventType = temporal.api.enums.v1.EventType;

/** Runs `count` jobs on `clients` concurrent loops; answers the elapsed milliseconds. */
async function saturate(count: number, clients: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = nowMs();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < count; i = next++) await job(i);
    }),
  );
  return nowMs() - started;
}

/** What the engine did for the workflows of a set of cases, read from their histories. */
interface EngineWork {
  workflows: number;
  updates: number;
  activities: number;
  workflowTaskMs: number;
  activityMs: number;
}

async function engineWork(client: Client, since: Date): Promise<EngineWork> {
  const work: EngineWork = { workflows: 0, updates: 0, activities: 0, workflowTaskMs: 0, activityMs: 0 };
  const ms = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
    Number(t?.seconds ?? 0) * 1000 + (t?.nanos ?? 0) / 1e6;
  for await (const wf of client.workflow.list({ query: `StartTime >= '${since.toISOString()}'` })) {
    if (wf.type === 'bareCase') continue;
    work.workflows++;
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const started = new Map<string, number>();
    for (const e of history.events ?? []) {
      const id = String(e.eventId);
      switch (e.eventType) {
        case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
          work.updates++;
          break;
        case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
          work.activities++;
          break;
        case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
          started.set(id, ms(e.eventTime));
          break;
        case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED: {
          const from = started.get(String(e.workflowTaskCompletedEventAttributes?.startedEventId));
          if (from !== undefined) work.workflowTaskMs += ms(e.eventTime) - from;
          break;
        }
        case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
          const from = started.get(String(e.activityTaskCompletedEventAttributes?.startedEventId));
          if (from !== undefined) work.activityMs += ms(e.eventTime) - from;
          break;
        }
      }
    }
  }
  return work;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { engine: { type: 'string', default: 'cluster' } } });
  const engine = values.engine === 'dev' ? 'dev' : 'cluster';
  installWorkerRuntime(createLogger('warn', 'bench'));
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpm-bench-cases-'));
  fs.chmodSync(stateDir, 0o755);
  const cluster = await startCluster({
    stateDir,
    ports: await freeClusterPorts(),
    workers: 2,
    blankTokens: CASES + 1,
    durable: false,
    engine,
    env: { CAPTCHA_TEST_ANSWER: 'pass1', RATE_LIMIT_FACTOR: '1000' },
    log: (line) => console.log(line),
  });
  try {
    const staff = await caseStaff(cluster.apis[0], cluster.env.BOOTSTRAP_ADMIN_PASSWORD);
    // The clients wait as the console does, reading again after a pause (the console: a UKey's progress every
    // 700 ms, an order's payment every 3 s), not twenty times a second as the tests do.
    const drive = caseDriver(cluster.apis, staff, cluster.env.STATION_ID ?? 'local', POLL_MS);
    const steps: Record<string, number[]> = { registration: [], reviews: [], order: [], approval: [], ukey: [] };
    const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
      const t = nowMs();
      const result = await work();
      steps[step].push(nowMs() - t);
      return result;
    };
    const serials = [...cluster.tokenSerials];
    const oneCase = async () => {
      const { a, processId, creditCode } = await timed('registration', () => drive.submittedRegistration());
      await timed('reviews', () => drive.approveRegistration(a, processId));
      const applicant = { ...a, creditCode };
      const order = await timed('order', () => drive.paidOrder(applicant, 1));
      const { code } = await timed('approval', () => drive.orders.approveAndReadSms(applicant, order));
      await timed('ukey', () => drive.makeUKeys(applicant, order.id, code, [serials.pop()!]));
    };

    const connection = await Connection.connect({ address: cluster.temporalAddress });
    const client = new Client({ connection, namespace: cluster.namespace });
    // One case alone: how many Updates and activities the engine performs for a case.
    const warmupFrom = new Date(Date.now() - 1000);
    await oneCase();
    const perCase = await engineWork(client, warmupFrom);
    for (const k of Object.keys(steps)) steps[k] = [];

    // CPU by part of the system: which processes a case keeps busy, and whether the machine was saturated.
    const pidsOf = (prefix: string) => () =>
      [...cluster.processes.values()].filter((p) => p.name.startsWith(prefix)).map((p) => p.pid ?? 0);
    const cpuGroups = {
      engine: pidsOf('temporal-'),
      database: () => pidsNamed('postgres'),
      api: pidsOf('api-'),
      workers: pidsOf('worker-'),
      station: pidsOf('station'),
      bench: () => [process.pid],
    };
    const measuredFrom = new Date(Date.now() - 1000);
    const productCpuFrom = readCpu(cpuGroups);
    const productMs = await saturate(CASES, CLIENTS, oneCase);
    const productCpu = cpuBetween(productCpuFrom, readCpu(cpuGroups));
    const measured = await engineWork(client, measuredFrom);

    const nativeConnection = await NativeConnection.connect({ address: cluster.temporalAddress });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: cluster.namespace,
      taskQueue: 'bench-bare',
      workflowsPath: path.join(__dirname, 'workflows'),
      activities: { bareActivity: async () => {} },
    });
    const running = worker.run();
    const activitiesPerUpdate = Math.ceil(perCase.activities / Math.max(1, perCase.updates));
    const bareCase = async () => {
      const handles = await Promise.all(
        Array.from({ length: perCase.workflows }, () =>
          client.workflow.start('bareCase', { taskQueue: 'bench-bare', workflowId: `bare:${randomUUID()}` }),
        ),
      );
      let activitiesLeft = perCase.activities;
      for (let u = 0; u < perCase.updates; u++) {
        const n = Math.min(activitiesPerUpdate, activitiesLeft);
        activitiesLeft -= n;
        await handles[u % handles.length].executeUpdate(bareStep, { args: [n] });
      }
      for (const handle of handles) await handle.signal(bareDone);
      await Promise.all(handles.map((handle) => handle.result()));
    };
    await bareCase();
    const bareCpuFrom = readCpu(cpuGroups);
    const bareMs = await saturate(CASES, CLIENTS, bareCase);
    const bareCpu = cpuBetween(bareCpuFrom, readCpu(cpuGroups));
    worker.shutdown();
    await running;
    await nativeConnection.close();
    await connection.close();

    const perMin = (CASES * 60_000) / productMs;
    const barePerMin = (CASES * 60_000) / bareMs;
    console.log(
      `engine=${engine} cases=${CASES} clients=${CLIENTS}; per case: ${perCase.workflows} workflows, ${perCase.updates} Updates, ${perCase.activities} activities`,
    );
    console.log('where a case goes, client-side p50 (ms):');
    for (const [step, times] of Object.entries(steps))
      console.log(`  ${step.padEnd(13)} ${quantile(times, 0.5).toFixed(0)}`);
    console.log(
      `engine-side per case: workflow tasks ${(measured.workflowTaskMs / CASES).toFixed(0)} ms, activities ${(measured.activityMs / CASES).toFixed(0)} ms (includes the UKey's key generation and the product's database writes)`,
    );
    const cpuLine = (what: string, cpu: typeof productCpu) =>
      console.log(
        `  ${what.padEnd(7)} machine busy ${(cpu.busy * 100).toFixed(0)}%; ${Object.entries(cpu.groups)
          .map(([k, ms]) => `${k} ${(ms / CASES).toFixed(0)}`)
          .join(', ')} (total ${(Object.values(cpu.groups).reduce((a, b) => a + b, 0) / CASES).toFixed(0)})`,
      );
    console.log('CPU per case (ms) by process group; bench = the clients (and the bare worker):');
    cpuLine('product', productCpu);
    cpuLine('bare', bareCpu);
    console.log(
      `cases per_min=${perMin.toFixed(1)} bare_per_min=${barePerMin.toFixed(1)} ratio=${(perMin / barePerMin).toFixed(2)}`,
    );
  } finally {
    await cluster.stop();
    for (const dir of [stateDir, cluster.postgresDir]) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

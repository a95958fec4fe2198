/**
 * `GET /health` (the process is alive) and `GET /ready` (database, Temporal, a worker and the token stations
 * are up), which answers within its own deadline and names each dependency that is down.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { temporal } from '@temporalio/proto';
import { migrationsApplied } from '../../../platform/db/migrate';
import { isOnline, listStations } from '../../repos/stations';
import { HealthSchema, ReadinessSchema } from '../../schemas/operations';

/** A poller seen within this window counts as a live worker. */
const POLLER_FRESH_MS = 2 * 60_000;
/** Each dependency has this long to answer before it counts as down. */
const CHECK_DEADLINE_MS = 2_000;

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], response: { 200: HealthSchema } },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );

  app.get(
    '/ready',
    {
      config: { access: 'public' },
      schema: { tags: ['operations'], response: { 200: ReadinessSchema, 503: ReadinessSchema } },
    },
    async (_request, reply) => {
      const checks: Record<string, { ok: boolean; detail?: string }> = {};
      const run = async (name: string, probe: () => Promise<string | null>) => {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<string>((resolve) => {
          timer = setTimeout(() => resolve(`no answer within ${CHECK_DEADLINE_MS} ms`), CHECK_DEADLINE_MS);
        });
        try {
          const problem = await Promise.race([probe(), deadline]);
          checks[name] = problem ? { ok: false, detail: problem } : { ok: true };
        } catch (err) {
          checks[name] = { ok: false, detail: (err as Error).message };
        } finally {
          clearTimeout(timer);
        }
      };
      const temporalCall = <T>(fn: () => Promise<T>) => app.temporal.withDeadline(Date.now() + CHECK_DEADLINE_MS, fn);
      await Promise.all([
        run('database', async () => ((await migrationsApplied(app.db)) ? null : 'migrations pending')),
        run('temporal', async () => {
          await temporalCall(() => app.temporal.workflowService.getSystemInfo({}));
          return null;
        }),
        run('worker', async () => {
          const queue = await temporalCall(() =>
            app.temporal.workflowService.describeTaskQueue({
              namespace: app.config.temporal.namespace,
              taskQueue: {
                name: app.config.temporal.taskQueue,
                kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
              },
              taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
            }),
          );
          const fresh = (queue.pollers ?? []).some((p) => {
            const seconds = Number(p.lastAccessTime?.seconds ?? 0);
            return Date.now() - seconds * 1000 < POLLER_FRESH_MS;
          });
          return fresh ? null : `no worker polling task queue "${app.config.temporal.taskQueue}"`;
        }),
        run('stations', async () => {
          // (a deployment that has no token station yet is not held back by it)
          const stations = await listStations(app.db, true);
          const offline = stations.filter((s) => !isOnline(s.last_seen_at)).map((s) => s.id);
          return stations.length && offline.length === stations.length ? `offline: ${offline.join(', ')}` : null;
        }),
      ]);
      const ready = Object.values(checks).every((c) => c.ok);
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks });
    },
  );
};

export default healthRoutes;

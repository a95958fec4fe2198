/**
 * `npm run bench:inbox`: PostgreSQL holding 100,000 open tasks across roles (plus closed ones), the
 * latency of `GET /api/v1/tasks?role=…` (sorted by due date) through HTTP. Pages are read at random
 * depths with the cursor the previous page returned. Last line: `inbox p99_ms=<x>`.
 */
import { Connection, Client } from '@temporalio/client';
import { sql } from 'kysely';
import { buildApp } from '../api/app';
import { createStaffUser } from '../api/repos/users';
import { ROLES } from '../domain/roles';
import { openServices } from '../integrations';
import { httpLogin, nowMs, quantile, startBenchEnv } from './support';

const OPEN_TASKS = Number(process.env.BENCH_TASKS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const STAFF_ROLES = ROLES.filter((r) => r !== 'applicant' && r !== 'admin' && r !== 'operator');

async function main(): Promise<void> {
  const env = await startBenchEnv({ temporal: false });
  const { config } = env;
  const services = await openServices(config);
  const db = services.db;

  // 100,000 open tasks spread over the staff roles with due dates over 60 days, 20,000 closed, some escalated.
  const roles = sql.raw(`array[${STAFF_ROLES.map((r) => `'${r}'`).join(',')}]`);
  const fill = (status: string, count: number, offset: number) => sql`
    insert into tasks (id, process_id, process_type, enterprise_id, kind, title, step, candidate_role, escalation_role, status,
                       outcomes, form, opened_at, due_at, escalated_at, version)
    select 'bench-' || (g + ${offset}), 'registration:' || (g % 20000), 'registration', 'ent-' || (g % 20000), 'registration.review',
           '企业注册审核', '初审', (${roles})[1 + g % ${STAFF_ROLES.length}],
           case when g % 50 = 0 then 'supervisor' end, ${status}, '["approve","reject","return"]'::jsonb, '[]'::jsonb,
           now() - interval '3 days', now() + (g % 86400) * interval '1 minute',
           case when g % 50 = 0 then now() end, 1
    from generate_series(1, ${count}) as g`;
  await fill('open', OPEN_TASKS, 0).execute(db);
  await fill('completed', OPEN_TASKS / 5, OPEN_TASKS).execute(db);
  await sql`analyze tasks`.execute(db);

  const temporal = new Client({
    connection: Connection.lazy({ address: config.temporal.address }),
    dataConverter: undefined,
  });
  const app = await buildApp({ ...services, config, temporal, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  await createStaffUser(db, {
    loginName: 'bench_inbox',
    password: 'Bench12345',
    displayName: 'Bench',
    roles: [...STAFF_ROLES],
  });
  const token = await httpLogin(base, 'bench_inbox', 'Bench12345', 'bench');

  const get = async (url: string) => {
    const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { items: unknown[]; nextCursor: string | null };
  };
  const cursors = new Map<string, string | null>();
  const latencies: number[] = [];
  for (let i = 0; i < REQUESTS + 200; i++) {
    const role = STAFF_ROLES[i % STAFF_ROLES.length];
    const cursor = i % 4 === 3 ? cursors.get(role) : null; // every fourth read goes one page deeper
    const url = `/api/v1/tasks?role=${role}&limit=20${cursor ? `&cursor=${cursor}` : ''}`;
    const t0 = nowMs();
    const page = await get(url);
    const took = nowMs() - t0;
    if (i >= 200) latencies.push(took); // the first 200 warm up
    if (page.items.length !== 20) throw new Error(`expected a full page for ${role}, got ${page.items.length}`);
    cursors.set(role, page.nextCursor);
  }

  await app.close();
  await services.close();
  await env.stop();
  console.log(`open_tasks=${OPEN_TASKS} requests=${latencies.length} p50_ms=${quantile(latencies, 0.5).toFixed(2)}`);
  console.log(`inbox p99_ms=${quantile(latencies, 0.99).toFixed(2)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

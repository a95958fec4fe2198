/**
 * `npm run bench:inbox`: PostgreSQL holding 1,000,000 open tasks (plus 200,000 closed) over 20,000
 * enterprises, and 32 concurrent clients reading `GET /api/v1/tasks` through HTTP the way the console does:
 * a role's inbox, by kind, due before a date, assigned to me, a search by enterprise name or credit code,
 * sorted by due or creation time, some pages deeper with the cursor the previous page returned. The clients
 * run in their own process. First flat out (each reads again as soon as it has its page: the throughput of
 * the machine, and where the CPU goes), then at a person's pace (a pause of about a second after each page).
 * Last line, flat out: `inbox p99_ms=<x> clients=<n> open_tasks=<n>`.
 */
import { fork } from 'node:child_process';
import { Connection, Client } from '@temporalio/client';
import { sql } from 'kysely';
import { buildApp } from '../api/app';
import { createStaffUser } from '../api/repos/users';
import { STAFF_ROLES as ALL_STAFF_ROLES } from '../domain/roles';
import { openServices } from '../integrations';
import { cpuBetween, pidsNamed, readCpu } from './cpu';
import { httpLogin, nowMs, quantile, startBenchEnv } from './support';

const OPEN_TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const ENTERPRISES = 20_000;
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const REQUESTS_PER_CLIENT = Number(process.env.BENCH_REQUESTS ?? 150);
const WARMUP_PER_CLIENT = 20;
/** Reads per client (after 5 warm-up reads) in the run at a person's pace. */
const PACED_READS = Number(process.env.BENCH_PACED_READS ?? 40);
const STAFF_ROLES = ALL_STAFF_ROLES.filter((r) => r !== 'admin' && r !== 'operator');
const KINDS = ['registration.review', 'registration.phone_review', 'order.document_review', 'order.payment_check'];
const CITIES = ['金华', '杭州', '宁波', '温州', '绍兴', '湖州', '嘉兴', '衢州', '舟山', '台州', '丽水', '义乌'];
const TRADES = ['建设工程', '电子科技', '建材贸易', '机械制造', '交通运输', '园林绿化', '水利水电', '信息技术'];

/** The name of bench enterprise `n` (also what the searches look for). */
const enterpriseName = (n: number) => `${CITIES[n % CITIES.length]}市${TRADES[(n >> 4) % TRADES.length]}${n}号有限公司`;
/** Its credit code: 18 characters, unique. */
const creditCode = (n: number) => `91330${String(n).padStart(12, '0')}X`;

async function main(): Promise<void> {
  const env = await startBenchEnv({ temporal: false });
  const { config } = env;
  const services = await openServices(config);
  const db = services.db;

  await sql`
    insert into enterprises (id, entity_name, name_key, status, credit_code)
    select 'ent-' || g, ${sql.raw(`(array[${CITIES.map((c) => `'${c}'`).join(',')}])`)}[1 + g % ${CITIES.length}] || '市'
             || ${sql.raw(`(array[${TRADES.map((t) => `'${t}'`).join(',')}])`)}[1 + (g >> 4) % ${TRADES.length}] || g || '号有限公司',
           'bench-' || g, 'active', '91330' || lpad(g::text, 12, '0') || 'X'
    from generate_series(0, ${ENTERPRISES - 1}) as g`.execute(db);
  const staff = await createStaffUser(db, {
    loginName: 'bench_inbox',
    password: 'Bench12345',
    displayName: 'Bench',
    roles: [...STAFF_ROLES],
  });

  // Open tasks over the staff roles and kinds, due over 60 days, one in fifty escalated, one in a hundred
  // assigned to the bench user; a fifth as many closed ones.
  const roles = sql.raw(`array[${STAFF_ROLES.map((r) => `'${r}'`).join(',')}]`);
  const kinds = sql.raw(`array[${KINDS.map((k) => `'${k}'`).join(',')}]`);
  const fill = (status: string, count: number, offset: number) => sql`
    insert into tasks (id, process_id, process_type, enterprise_id, kind, title, step, candidate_role, escalation_role,
                       assignee_id, status, outcomes, form, opened_at, due_at, escalated_at, version)
    select 'bench-' || (g + ${offset}), 'registration:' || (g % 200000), 'registration', 'ent-' || (g % ${ENTERPRISES}),
           (${kinds})[1 + (g / 7) % ${KINDS.length}], '企业注册审核', '初审', (${roles})[1 + g % ${STAFF_ROLES.length}],
           case when g % 50 = 0 then 'supervisor' end, case when g % 100 = 7 then ${staff!.id} end, ${status},
           '["approve","reject","return"]'::jsonb, '[]'::jsonb,
           now() - (g % 4320) * interval '1 minute', now() + (g % 86400) * interval '1 minute',
           case when g % 50 = 0 then now() end, 1
    from generate_series(1, ${count}) as g`;
  await fill('open', OPEN_TASKS, 0).execute(db);
  await fill('completed', OPEN_TASKS / 5, OPEN_TASKS).execute(db);
  await sql`vacuum analyze`.execute(db);
  await sql`checkpoint`.execute(db);

  const temporal = new Client({
    connection: Connection.lazy({ address: config.temporal.address }),
    dataConverter: undefined,
  });
  const app = await buildApp({ ...services, config, temporal, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const token = await httpLogin(base, 'bench_inbox', 'Bench12345', 'bench');

  // The clients run in a process of their own, as browsers do: the API's event loop serves requests only.
  const cpuGroups = { api: () => [process.pid], database: () => pidsNamed('postgres') };
  let cpuFrom = readCpu(cpuGroups);
  const flatOut = { thinkMs: 0, warmup: WARMUP_PER_CLIENT, reads: REQUESTS_PER_CLIENT };
  const { latencies, byRead, seconds, clientCpuMs } = await inAnotherProcess(base, token, flatOut, () => {
    cpuFrom = readCpu(cpuGroups);
  });
  const cpu = cpuBetween(cpuFrom, readCpu(cpuGroups));
  const requests = CLIENTS * (WARMUP_PER_CLIENT + REQUESTS_PER_CLIENT);
  const perRequest = { ...cpu.groups, clients: clientCpuMs };
  console.log(
    `throughput ${(requests / seconds).toFixed(0)} requests/s; machine busy ${(cpu.busy * 100).toFixed(0)}%; CPU per request (ms): ${Object.entries(
      perRequest,
    )
      .map(([k, ms]) => `${k} ${(ms / requests).toFixed(2)}`)
      .join(', ')}`,
  );
  for (const [what, l] of Object.entries(byRead).sort())
    console.log(`${what} n=${l.length} p50_ms=${quantile(l, 0.5).toFixed(2)} p99_ms=${quantile(l, 0.99).toFixed(2)}`);

  // The same consoles at a person's pace: each waits 0.5–1.5 s (1 s on average) after a page before the next read.
  const paced = await inAnotherProcess(base, token, { thinkMs: 1000, warmup: 5, reads: PACED_READS }, () => {});
  console.log(
    `inbox at a person's pace: clients=${CLIENTS} requests/s=${(paced.latencies.length / paced.seconds).toFixed(0)} p50_ms=${quantile(paced.latencies, 0.5).toFixed(2)} p99_ms=${quantile(paced.latencies, 0.99).toFixed(2)}`,
  );

  await app.close();
  await services.close();
  await env.stop();
  console.log(
    `requests=${latencies.length} p50_ms=${quantile(latencies, 0.5).toFixed(2)} p90_ms=${quantile(latencies, 0.9).toFixed(2)}`,
  );
  console.log(`inbox p99_ms=${quantile(latencies, 0.99).toFixed(2)} clients=${CLIENTS} open_tasks=${OPEN_TASKS}`);
}

/** What the clients measured: every read's milliseconds, by kind of read, their run's seconds and CPU. */
interface ClientResults {
  latencies: number[];
  byRead: Record<string, number[]>;
  seconds: number;
  clientCpuMs: number;
}

/** How the clients read: the pause after each page (0: none, else 0.5–1.5 times it), warm-up and counted reads. */
interface Pace {
  thinkMs: number;
  warmup: number;
  reads: number;
}

/** Runs the concurrent clients against `base` (in the child process). */
async function runClients(base: string, token: string, pace: Pace): Promise<ClientResults> {
  const get = async (url: string) => {
    const res = await fetch(base + url, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`${url}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { items: unknown[]; nextCursor: string | null };
  };

  /** One console read, `[what, url]`: the mix of filters a desk uses, picked by the request's number. */
  const readOf = (i: number, client: number): [string, string] => {
    const role = STAFF_ROLES[(i + client) % STAFF_ROLES.length];
    const n = (i * 7919 + client * 104729) % ENTERPRISES;
    const dueBefore = new Date(Date.now() + (1 + (i % 30)) * 86_400_000).toISOString();
    const sort = i % 5 === 4 ? '&sort=created' : '';
    switch (i % 8) {
      case 0:
      case 1:
        return ['role', `/api/v1/tasks?role=${role}&limit=20${sort}`];
      case 2:
        return ['role+kind', `/api/v1/tasks?role=${role}&kind=${KINDS[i % KINDS.length]}&limit=20`];
      case 3:
        return ['role+due', `/api/v1/tasks?role=${role}&dueBefore=${encodeURIComponent(dueBefore)}&limit=20${sort}`];
      case 4:
        return ['mine', `/api/v1/tasks?assignee=me&limit=20${sort}`];
      case 5: // a whole enterprise name, as pasted from a phone call
        return ['name', `/api/v1/tasks?q=${encodeURIComponent(enterpriseName(n))}&limit=20`];
      case 6: // part of a credit code
        return ['code', `/api/v1/tasks?q=${creditCode(n).slice(9, 17)}&limit=20`];
      default: // two characters of a name: a city, matching many enterprises
        return ['role+city', `/api/v1/tasks?role=${role}&q=${encodeURIComponent(CITIES[i % CITIES.length])}&limit=20`];
    }
  };

  const latencies: number[] = [];
  const byRead: Record<string, number[]> = {};
  const client = async (c: number) => {
    let previous: { what: string; url: string; cursor: string } | null = null;
    for (let i = 0; i < pace.warmup + pace.reads; i++) {
      // Every third read goes one page deeper into the previous read's list (never a fixed kind of read).
      const read: [string, string] =
        i % 3 === 2 && previous ? [`${previous.what}+page`, `${previous.url}&cursor=${previous.cursor}`] : readOf(i, c);
      const what: string = read[0];
      const url: string = read[1];
      const t0 = nowMs();
      const page = await get(url);
      const took = nowMs() - t0;
      if (i >= pace.warmup) {
        latencies.push(took);
        (byRead[what] ??= []).push(took);
      }
      if (page.items.length === 0 && !url.includes('cursor=')) throw new Error(`expected rows for ${url}`);
      previous = page.nextCursor ? { what, url: url.replace(/&cursor=[^&]*/, ''), cursor: page.nextCursor } : null;
      if (pace.thinkMs) await new Promise((r) => setTimeout(r, pace.thinkMs * (0.5 + Math.random())));
    }
  };
  const cpu = process.cpuUsage();
  const t0 = nowMs();
  await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  const used = process.cpuUsage(cpu);
  return { latencies, byRead, seconds: (nowMs() - t0) / 1000, clientCpuMs: (used.user + used.system) / 1000 };
}

/** Runs the clients in a child process (this file with `--clients`); `ready` is called as they start. */
function inAnotherProcess(base: string, token: string, pace: Pace, ready: () => void): Promise<ClientResults> {
  const child = fork(__filename, ['--clients'], {
    env: { ...process.env, BENCH_BASE: base, BENCH_TOKEN: token, BENCH_PACE: JSON.stringify(pace) },
  });
  return new Promise((resolve, reject) => {
    child.on('message', (m) => (m === 'ready' ? ready() : resolve(m as ClientResults)));
    child.once('exit', (code) => (code ? reject(new Error(`clients exited with ${code}`)) : undefined));
  });
}

if (process.argv.includes('--clients')) {
  process.send!('ready');
  runClients(process.env.BENCH_BASE!, process.env.BENCH_TOKEN!, JSON.parse(process.env.BENCH_PACE!) as Pace).then(
    (results) => process.send!(results, () => process.exit(0)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
} else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });

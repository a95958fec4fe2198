/** Reading schemathesis's reports (JSON run report, NDJSON events) into the run's figures and its distinct failures. */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ROOT } from '../tools';

/** How the product's own source files start in a stack trace. */
const ROOT_MARK = `${ROOT}/`;

/** One distinct failure: a check that failed on an operation, the identities it failed for, and one request that shows it. */
export interface Failure {
  check: string;
  operation: string;
  title: string;
  message: string;
  identities: string[];
  count: number;
  example: {
    request: { method: string; uri: string; contentType?: string; body?: string };
    response: { status: number; body: string } | null;
  };
}

/** The figures of a run. */
export interface Summary {
  cases: number;
  serverErrors: number;
  conformanceFailures: number;
  failures: Failure[];
  /** The errors the started instance logged (absent for an instance given by URL). */
  logged?: LoggedError[];
}

type Recorded = {
  checks: Record<
    string,
    {
      name: string;
      status: string;
      failure_info?: { failure: { operation: string; title: string; message: string } };
    }[]
  >;
  interactions: Record<
    string,
    {
      request: { method: string; uri: string; headers: Record<string, string[]>; body?: { $base64: string } | null };
      response: { status_code: number; content?: { $base64: string } | null } | null;
    }
  >;
};

const decode = (b?: { $base64: string } | null, max = 600) =>
  b ? Buffer.from(b.$base64, 'base64').toString('utf8').slice(0, max) : undefined;

function reportFile(dir: string, prefix: string): string {
  const name = fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(prefix))
    .sort()
    .pop();
  if (!name) throw new Error(`no ${prefix} report in ${dir}`);
  return path.join(dir, name);
}

/** Reads the reports written under `dir/<identity>/` and groups the failures by check, operation and message. */
export async function summarise(dir: string, identities: string[]): Promise<Summary> {
  let cases = 0;
  const failures = new Map<string, Failure>();
  for (const identity of identities) {
    const run = JSON.parse(fs.readFileSync(reportFile(path.join(dir, identity), 'json-'), 'utf8')) as {
      test_cases: { generated: number };
    };
    cases += run.test_cases.generated;
    const lines = readline.createInterface({
      input: fs.createReadStream(reportFile(path.join(dir, identity), 'ndjson-')),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line.startsWith('{"ScenarioFinished"')) continue;
      const recorder = (JSON.parse(line) as { ScenarioFinished: { recorder: Recorded } }).ScenarioFinished.recorder;
      for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
        for (const c of checks) {
          if (c.status !== 'failure' || !c.failure_info) continue;
          const f = c.failure_info.failure;
          const i = recorder.interactions?.[caseId];
          // (a 5xx is counted once, as a server error, not again as an undocumented status)
          if (c.name !== 'not_a_server_error' && (i?.response?.status_code ?? 0) >= 500) continue;
          const firstLine = f.message.split('\n')[0] || `Received: ${i?.response?.status_code ?? 'no response'}`;
          const key = `${c.name}|${f.operation}|${f.title}|${firstLine}`;
          const known = failures.get(key);
          if (known) {
            known.count += 1;
            if (!known.identities.includes(identity)) known.identities.push(identity);
            continue;
          }
          failures.set(key, {
            check: c.name,
            operation: f.operation,
            title: f.title,
            message: [firstLine, ...f.message.split('\n').slice(1)].join('\n').slice(0, 600),
            identities: [identity],
            count: 1,
            example: {
              request: {
                method: i?.request.method ?? '',
                uri: i?.request.uri ?? '',
                contentType: i?.request.headers?.['Content-Type']?.[0],
                body: decode(i?.request.body, 2000),
              },
              response: i?.response ? { status: i.response.status_code, body: decode(i.response.content) ?? '' } : null,
            },
          });
        }
      }
    }
  }
  const all = [...failures.values()].sort(
    (a, b) => a.check.localeCompare(b.check) || a.operation.localeCompare(b.operation),
  );
  const serverErrors = all.filter((f) => f.check === 'not_a_server_error').length;
  return { cases, serverErrors, conformanceFailures: all.length - serverErrors, failures: all };
}

/** An error the instance logged while serving (level error or worse): what, where in the product's code, how often. */
export interface LoggedError {
  message: string;
  at: string | null;
  count: number;
}

/** The distinct errors in the instance's pino log, numbers in messages folded together. */
export async function loggedErrors(logFile: string): Promise<LoggedError[]> {
  const seen = new Map<string, LoggedError>();
  const lines = readline.createInterface({ input: fs.createReadStream(logFile), crlfDelay: Infinity });
  for await (const line of lines) {
    let entry: { level?: number; msg?: string; err?: { type?: string; message?: string; stack?: string } };
    try {
      entry = JSON.parse(line);
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 50) continue;
    const message = `${entry.err?.type ?? ''}: ${entry.err?.message ?? entry.msg ?? ''}`.slice(0, 300);
    const at =
      (entry.err?.stack ?? '')
        .split('\n')
        .find((l) => l.includes(ROOT_MARK) && !l.includes('node_modules'))
        ?.trim() ?? null;
    const key = `${message.replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, 'N')}|${at}`;
    const known = seen.get(key);
    if (known) known.count += 1;
    else seen.set(key, { message, at: at && at.replace(ROOT_MARK, ''), count: 1 });
  }
  return [...seen.values()];
}

/**
 * `npm run fuzz`: schemathesis against a running instance of the product — one it starts on scratch
 * services (default) or the one at `--url` / FUZZ_URL — after seeding data through the API, signed in
 * as an admin and as an applicant, every phase (examples, coverage, fuzzing, stateful). Last line:
 * `fuzz cases=<n> server_errors=<n> conformance_failures=<n>`; exits 1 when either count is not zero, 2 when
 * the run itself failed or a session it fuzzes with ended during it.
 *
 *   npm run fuzz                       short run (CI): a few thousand cases
 *   npm run fuzz -- --full             full run: about 90,000 cases, an hour (FUZZ_MAX_EXAMPLES overrides)
 *   npm run fuzz -- --url http://localhost:3000   an existing development instance
 *     (FUZZ_ADMIN_LOGIN / FUZZ_ADMIN_PASSWORD, default BOOTSTRAP_ADMIN_*; its CAPTCHA_TEST_ANSWER)
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CAPTCHA } from '../../test/support/harness';
import { ROOT } from '../tools';
import { startFuzzInstance, type FuzzInstance } from './instance';
import { loggedErrors, summarise, type Summary } from './report';
import { ensureSchemathesis } from './schemathesis';
import { apiClient, seed } from './seed';

/** Test cases per operation, identity and phase: the short run and the full run. */
const MAX_EXAMPLES = { short: 8, full: 500 };

/** Checks of the responses; `not_a_server_error` counts as a server error, the others as conformance failures. */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'ignored_auth',
  'use_after_free',
  'ensure_resource_availability',
];

/** Operations the signed-in fuzzer leaves out: logging out would end the session it fuzzes with. */
const EXCLUDED_PATHS = ['/api/v1/auth/logout'];

/**
 * Runs schemathesis in the run's folder (where it keeps its cache of failures to replay), with the hooks
 * that keep it from changing the accounts it signs in with.
 */
async function runSchemathesis(
  bin: string,
  args: string[],
  cwd: string,
  logFile: string,
  accounts: string[],
): Promise<number> {
  const log = fs.openSync(logFile, 'w');
  const env = {
    ...process.env,
    PYTHONUNBUFFERED: '1',
    SCHEMATHESIS_HOOKS: path.join(__dirname, 'hooks.py'),
    FUZZ_PROTECTED_USER_IDS: accounts.join(','),
  };
  const child = spawn(bin, args, { cwd, stdio: ['ignore', log, log], env });
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  fs.closeSync(log);
  return code;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      full: { type: 'boolean', default: false },
      'max-examples': { type: 'string' },
      seed: { type: 'string' },
      workers: { type: 'string', default: '2' },
      out: { type: 'string' },
    },
  });
  const maxExamples = Number(
    values['max-examples'] ?? process.env.FUZZ_MAX_EXAMPLES ?? (values.full ? MAX_EXAMPLES.full : MAX_EXAMPLES.short),
  );
  const out = path.resolve(
    values.out ?? path.join(ROOT, 'data', 'fuzz', new Date().toISOString().replace(/[:.]/g, '-')),
  );
  fs.mkdirSync(out, { recursive: true });
  const bin = ensureSchemathesis();

  const given = values.url ?? process.env.FUZZ_URL;
  let instance: FuzzInstance | null = null;
  if (!given) {
    process.stderr.write(
      `[fuzz] starting an instance on scratch services (log: ${path.relative(ROOT, path.join(out, 'server.log'))})\n`,
    );
    instance = await startFuzzInstance(path.join(out, 'server.log'), process.env.CAPTCHA_TEST_ANSWER ?? CAPTCHA);
  }
  let summary: Summary;
  /** Identities whose session ended during their run (their later cases ran signed out). */
  const lost: string[] = [];
  try {
    const url = (given ?? instance!.url).replace(/\/$/, '');
    const admin = instance?.admin ?? {
      loginName: process.env.FUZZ_ADMIN_LOGIN ?? process.env.BOOTSTRAP_ADMIN_LOGIN ?? 'admin',
      password: process.env.FUZZ_ADMIN_PASSWORD ?? process.env.BOOTSTRAP_ADMIN_PASSWORD ?? '',
    };
    const captcha = instance?.captcha ?? process.env.CAPTCHA_TEST_ANSWER;
    if (!captcha) throw new Error('set CAPTCHA_TEST_ANSWER to the answer the instance at --url accepts');
    process.stderr.write('[fuzz] seeding data through the API\n');
    const seeded = await seed(apiClient(url), admin, captcha);
    fs.writeFileSync(path.join(out, 'seeded.json'), JSON.stringify(seeded.ids, null, 2));
    const identities = Object.entries(seeded.tokens);
    for (const [identity, token] of identities) {
      process.stderr.write(`[fuzz] schemathesis as ${identity}: ${maxExamples} examples per operation and phase\n`);
      const dir = path.join(out, identity);
      const args = [
        'run',
        `${url}/docs/json`,
        '--url',
        url,
        '-H',
        `Authorization: Bearer ${token}`,
        '--phases',
        'examples,coverage,fuzzing,stateful',
        '--checks',
        CHECKS.join(','),
        '--max-examples',
        String(maxExamples),
        '--workers',
        values.workers!,
        '--report',
        'json,junit,ndjson',
        '--report-dir',
        dir,
        '--generation-database',
        'none',
        '--suppress-health-check',
        'all',
        '--request-timeout',
        '60',
        '--continue-on-failure',
        '--no-color',
        ...EXCLUDED_PATHS.flatMap((p) => ['--exclude-path', p]),
        ...(values.seed ? ['--seed', values.seed] : []),
      ];
      const code = await runSchemathesis(bin, args, out, path.join(out, `${identity}.log`), seeded.accounts);
      process.stderr.write(`[fuzz] schemathesis as ${identity} exited ${code}\n`);
      if ((await apiClient(url)('GET', '/api/v1/auth/me', { token })).status !== 200) lost.push(identity);
    }
    summary = await summarise(
      out,
      identities.map(([identity]) => identity),
    );
    if (instance) summary.logged = await loggedErrors(path.join(out, 'server.log'));
    fs.writeFileSync(path.join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  } finally {
    await instance?.stop();
  }
  for (const f of summary.failures)
    process.stdout.write(
      `${f.check.padEnd(28)} ${f.operation}  ${f.message.split('\n')[0]}  (${f.identities.join(', ')}; ${f.count}×)\n`,
    );
  for (const e of summary.logged ?? [])
    process.stdout.write(`logged by the instance (${e.count}×): ${e.message}${e.at ? `\n    ${e.at}` : ''}\n`);
  process.stdout.write(`reports: ${path.relative(ROOT, out)}\n`);
  if (lost.length) {
    process.stderr.write(
      `[fuzz] the session of ${lost.join(', ')} ended during the run: its later cases ran signed out, so the run is incomplete\n`,
    );
  }
  process.stdout.write(
    `fuzz cases=${summary.cases} server_errors=${summary.serverErrors} conformance_failures=${summary.conformanceFailures}\n`,
  );
  process.exit(lost.length ? 2 : summary.serverErrors + summary.conformanceFailures > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});

/**
 * `npm run create-user -- --login <name> --password <pw|-> --roles <role,role> [--name <display>]
 * [--department <d>] [--mobile <m>] [--email <e>]`: creates a staff user. With DATABASE_URL it writes
 * to PostgreSQL; on the embedded default it calls the running product's API with a request signed by
 * the local key (api/local-admin.ts; nothing is stored), or opens the embedded database when the product
 * is not running.
 * `--password -` reads the password from standard input.
 */
import fs from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { fieldProblemsFromAjv } from '../api/errors';
import { CreateStaffBody } from '../api/schemas/admin';
import { staffPasswordProblems } from '../domain/validators';
import { createStaffUser } from '../api/repos/users';
import { loadConfig } from '../platform/config';
import { openDb } from '../platform/db';
import { migrateToLatest } from '../platform/db/migrate';
import { pgliteInUse } from '../platform/db/pglite';
import type { Role } from '../domain/roles';
import { ensureDevEnv, loadEnvFile } from './env-files';
import { localAdminAuthorization } from '../api/local-admin';

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument "${argv[i]}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${m[1]} needs a value`);
    out[m[1]] = value;
    i++;
  }
  return out;
}

async function main(): Promise<void> {
  loadEnvFile('.env');
  loadEnvFile(ensureDevEnv(process.env.DATA_DIR ?? 'data').file);
  const a = args(process.argv.slice(2));
  const password = a.password === '-' ? fs.readFileSync(0, 'utf8').trim() : a.password;
  const body: Record<string, unknown> = {
    loginName: a.login,
    password,
    displayName: a.name ?? a.login,
    roles: (a.roles ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    ...(a.department ? { department: a.department } : {}),
    ...(a.mobile ? { mobile: a.mobile } : {}),
    ...(a.email ? { email: a.email } : {}),
  };
  const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(CreateStaffBody);
  const problems = validate(body)
    ? staffPasswordProblems(String(password), String(a.login))
    : fieldProblemsFromAjv(validate.errors ?? [], 'body');
  if (problems.length) throw new Error(problems.map((p) => `${p.field}: ${p.message.en} / ${p.message.zh}`).join('\n'));

  const config = loadConfig();
  if (!config.databaseUrl && pgliteInUse(config.pgliteDir)) {
    const res = await fetch(`http://127.0.0.1:${config.http.port}/api/v1/admin/users`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: localAdminAuthorization(config.secretStoreKey),
      },
      body: JSON.stringify(body),
    });
    const answer = (await res.json()) as {
      loginName?: string;
      roles?: string[];
      error?: { message: { en: string; zh: string }; fields?: { field: string; message: { en: string } }[] };
    };
    if (!res.ok)
      throw new Error(
        `${answer.error?.message.en} / ${answer.error?.message.zh}${(answer.error?.fields ?? []).map((f) => `\n  ${f.field}: ${f.message.en}`).join('')}`,
      );
    console.log(`created ${answer.loginName} (${answer.roles?.join(', ')})`);
    return;
  }
  const db = await openDb(config);
  try {
    await migrateToLatest(db);
    const user = await createStaffUser(db, {
      ...(body as { loginName: string; password: string; displayName: string }),
      roles: body.roles as Role[],
    });
    if (!user) throw new Error(`The login name "${a.login}" is taken / 登录名已被使用`);
    console.log(`created ${user.login_name} (${user.roles.join(', ')})`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

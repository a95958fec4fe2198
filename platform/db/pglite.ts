/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) behind kysely's Postgres dialect.
 * PGlite has one session, so the pool below hands it to one caller at a time; a transaction
 * therefore never interleaves with another request's queries.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

type Command = PostgresQueryResult<unknown>['command'];

const VERB = /\b(insert|update|delete|merge|select)\b/gi;

/** The statement kind kysely needs to report affected rows (`with … insert` counts as INSERT). */
function commandOf(sqlText: string): Command {
  const head = sqlText.trimStart().slice(0, 6).toLowerCase();
  if (head !== 'with (' && !head.startsWith('with')) {
    const first = /^\s*(\w+)/.exec(sqlText)?.[1]?.toUpperCase();
    return (first ?? 'SELECT') as Command;
  }
  // A CTE: the main statement follows the last closing parenthesis at depth zero.
  let depth = 0;
  let mainStart = 0;
  for (let i = 0; i < sqlText.length; i++) {
    if (sqlText[i] === '(') depth++;
    else if (sqlText[i] === ')' && --depth === 0) mainStart = i + 1;
  }
  const verb = sqlText.slice(mainStart).match(VERB)?.[0];
  return (verb ?? 'SELECT').toUpperCase() as Command;
}

/** How long a query waits for the embedded database's one session. */
const ACQUIRE_WAIT_MS = 30_000;

/** A one-session pool over a PGlite instance. */
class PgliteSessionPool implements PostgresPool {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly pg: PGlite,
    private readonly onEnd: () => Promise<void>,
  ) {}

  async connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((r) => (release = r));
    // A caller that waits on itself (a query outside a transaction it holds) would freeze the product:
    // past the wait it fails instead (and takes its turn later, releasing at once).
    const turn = previous.then(() => true);
    const waited = new Promise<boolean>((r) => setTimeout(() => r(false), ACQUIRE_WAIT_MS).unref());
    if (!(await Promise.race([turn, waited]))) {
      void turn.then(release);
      throw new Error(
        `the embedded database was busy for ${ACQUIRE_WAIT_MS / 1000} s (a transaction waiting on a query outside it?)`,
      );
    }
    const pg = this.pg;
    return {
      async query<R>(sqlText: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
        const res = await pg.query<R>(sqlText, parameters as unknown[]);
        return { command: commandOf(sqlText), rowCount: res.affectedRows ?? res.rows.length, rows: res.rows };
      },
      release,
    } as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.queue;
    await this.onEnd();
  }
}

/** Opens (creating if needed) the PGlite database in `dir`, guarded by a pid lock file. */
export async function openPglitePool(dir: string): Promise<PostgresPool> {
  fs.mkdirSync(dir, { recursive: true });
  const lock = path.join(dir, '..', `${path.basename(dir)}.lock`);
  claimLock(lock);
  const pg = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    parsers: {
      [types.INT8]: (v: string) => Number(v),
      [types.DATE]: (v: string) => v,
    },
  });
  return new PgliteSessionPool(pg, async () => {
    await pg.close();
    fs.rmSync(lock, { force: true });
  });
}

/** True when another live process holds the embedded database at `dir`. */
export function pgliteInUse(dir: string): boolean {
  const lock = path.join(dir, '..', `${path.basename(dir)}.lock`);
  return lockHolder(lock) !== null;
}

function lockHolder(lock: string): number | null {
  try {
    const pid = Number(fs.readFileSync(lock, 'utf8'));
    if (!pid || pid === process.pid) return null;
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

function claimLock(lock: string): void {
  const holder = lockHolder(lock);
  if (holder !== null) {
    throw new Error(`The embedded database is in use by process ${holder}; stop it first or set DATABASE_URL.`);
  }
  fs.writeFileSync(lock, String(process.pid));
}

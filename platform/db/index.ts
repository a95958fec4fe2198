/** Opens the application database: PostgreSQL through pg, or the embedded PGlite default. */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { openPglitePool } from './pglite';

// Align pg with PGlite: int8 as number (ids and money stay far below 2^53), dates as 'YYYY-MM-DD'.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);

/** The kysely handle every repository and activity receives. */
export type Db = Kysely<Database>;

/** Where the database lives. */
export interface DbTarget {
  databaseUrl: string | null;
  pgliteDir: string;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
}

/**
 * A PostgreSQL pool. An idle connection the server ends (restart, failover, administrator) is only
 * reported here and replaced on the next query; without a listener it would end the process.
 */
export function postgresPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (err) => {
    process.emitWarning(`PostgreSQL connection lost while idle: ${err.message}`);
  });
  return pool;
}

/** Opens the database named by `target`. */
export async function openDb(target: DbTarget): Promise<Db> {
  if (target.databaseUrl) {
    return new Kysely<Database>({
      dialect: new PostgresDialect({ pool: postgresPool(target.databaseUrl, target.maxConnections ?? 10) }),
    });
  }
  const pool = await openPglitePool(target.pgliteDir);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export type { Database } from './schema';

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

/** Opens the database named by `target`. */
export async function openDb(target: DbTarget): Promise<Db> {
  if (target.databaseUrl) {
    const pool = new pg.Pool({ connectionString: target.databaseUrl, max: target.maxConnections ?? 10 });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  const pool = await openPglitePool(target.pgliteDir);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export type { Database } from './schema';

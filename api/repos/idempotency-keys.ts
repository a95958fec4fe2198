/** Idempotency keys: the claim of a request, its lease, and its stored answer. Functions take `db` or a transaction. */
import { sql } from 'kysely';
import type { Db } from '../../platform/db';

/**
 * How long a claim holds without renewal. The API process running a request renews it every third of
 * this; a claim left unrenewed this long belongs to a request that died, and a retry takes it over.
 */
export const CLAIM_LEASE_MS = 6_000;

/** The end of a lease taken now, by the database's clock (shared by every API process). */
function leaseEnd() {
  return sql<Date>`now() + make_interval(secs => ${CLAIM_LEASE_MS / 1000})`;
}

/** A key as stored. */
export interface IdempotencyKeyRow {
  request_hash: string;
  status_code: number | null;
  response: string | null;
  lease_until: Date;
}

/**
 * Claims `key` for a request: `fresh` for a new key, `taken-over` for one whose claim by the same request
 * is unanswered and whose lease ran out (its request died), null when someone holds or answered it.
 */
export async function claimKey(
  db: Db,
  k: { scope: string; key: string; route: string; hash: string },
): Promise<'fresh' | 'taken-over' | null> {
  const lease = leaseEnd();
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({ user_id: k.scope, key: k.key, route: k.route, request_hash: k.hash, lease_until: lease })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'key'])
        .doUpdateSet({ lease_until: lease })
        .where('idempotency_keys.status_code', 'is', null)
        .where('idempotency_keys.lease_until', '<', sql<Date>`now()`)
        .where('idempotency_keys.request_hash', '=', k.hash),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .executeTakeFirst();
  if (!claimed) return null;
  return claimed.inserted ? 'fresh' : 'taken-over';
}

/** Extends the lease of a claim still unanswered. */
export async function renewClaim(db: Db, scope: string, key: string): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ lease_until: leaseEnd() })
    .where('user_id', '=', scope)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

/** The key as stored (its request and, once answered, the answer). */
export async function findKey(db: Db, scope: string, key: string): Promise<IdempotencyKeyRow> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response', 'lease_until'])
    .where('user_id', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

/** Stores the answer of a claimed key (`statusCode` null: the interim answer of a request still running). */
export async function storeAnswer(
  db: Db,
  scope: string,
  key: string,
  statusCode: number | null,
  response: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response, completed_at: statusCode === null ? null : new Date() })
    .where('user_id', '=', scope)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

/** Releases a claimed key (the request failed on the server's side: a retry may run it again). */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', scope)
    .where('key', '=', key)
    .where('status_code', 'is', null)
    .execute();
}

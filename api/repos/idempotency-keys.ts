/** Idempotency keys: the claim of a request and its stored answer. Functions take `db` or a transaction. */
import type { Db } from '../../platform/db';

/** A key whose claim is unfinished this long is taken to be from a crashed request. */
export const STALE_CLAIM_MS = 60_000;

/** A key as stored. */
export interface IdempotencyKeyRow {
  request_hash: string;
  status_code: number | null;
  response: string | null;
}

/**
 * Claims `key` for a request: true for a fresh key, or one whose claim by the same request is unfinished
 * and stale (a crashed request); false when someone holds or answered it.
 */
export async function claimKey(db: Db, k: { scope: string; key: string; route: string; hash: string }) {
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({ user_id: k.scope, key: k.key, route: k.route, request_hash: k.hash })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'key'])
        .doUpdateSet({ created_at: new Date() })
        .where('idempotency_keys.status_code', 'is', null)
        .where('idempotency_keys.created_at', '<', new Date(Date.now() - STALE_CLAIM_MS))
        .where('idempotency_keys.request_hash', '=', k.hash),
    )
    .returning('key')
    .executeTakeFirst();
  return !!claimed;
}

/** The key as stored (its request and, once answered, the answer). */
export async function findKey(db: Db, scope: string, key: string): Promise<IdempotencyKeyRow> {
  return db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'status_code', 'response'])
    .where('user_id', '=', scope)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
}

/** Stores the answer of a claimed key. */
export async function storeAnswer(db: Db, scope: string, key: string, statusCode: number, response: string) {
  await db
    .updateTable('idempotency_keys')
    .set({ status_code: statusCode, response, completed_at: new Date() })
    .where('user_id', '=', scope)
    .where('key', '=', key)
    .execute();
}

/** Releases a claimed key (the request failed on the server's side: a retry may run it again). */
export async function releaseKey(db: Db, scope: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('user_id', '=', scope).where('key', '=', key).execute();
}

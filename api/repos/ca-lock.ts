/** Login with the CA lock: one-time challenges and the account a bound certificate opens. Functions take `db` or a transaction. */
import type { Db } from '../../platform/db';
import type { UserRow } from '../../platform/db/schema';
import { sha256 } from '../../platform/seal';

/** Stores a challenge (hashed) until `expiresAt`, and forgets those expired a day ago. */
export async function storeChallenge(db: Db, nonce: string, expiresAt: Date): Promise<void> {
  await db
    .insertInto('ca_login_challenges')
    .values({ nonce_hash: sha256(nonce), expires_at: expiresAt })
    .execute();
  await db
    .deleteFrom('ca_login_challenges')
    .where('expires_at', '<', new Date(Date.now() - 86_400_000))
    .execute();
}

/**
 * Uses up a challenge, whatever the attempt's outcome: its expiry if it was unused, `'used'` if it was
 * answered before, `'unknown'` if it was never issued.
 */
export async function useChallenge(db: Db, nonce: string): Promise<Date | 'used' | 'unknown'> {
  const used = await db
    .updateTable('ca_login_challenges')
    .set({ used_at: new Date() })
    .where('nonce_hash', '=', sha256(nonce))
    .where('used_at', 'is', null)
    .returning('expires_at')
    .executeTakeFirst();
  if (used) return used.expires_at;
  const seen = await db
    .selectFrom('ca_login_challenges')
    .select('nonce_hash')
    .where('nonce_hash', '=', sha256(nonce))
    .executeTakeFirst();
  return seen ? 'used' : 'unknown';
}

/** The enterprise a certificate is bound to by a binding in force. */
export async function enterpriseBoundTo(db: Db, certificateSerial: string): Promise<string | undefined> {
  const binding = await db
    .selectFrom('ca_bindings')
    .select(['enterprise_id'])
    .where('certificate_serial', '=', certificateSerial)
    .where('active', '=', true)
    .where('change', '=', 'add')
    .executeTakeFirst();
  return binding?.enterprise_id;
}

/** The enterprise's first active account, the one a CA-lock login opens. */
export async function enterpriseAccount(db: Db, enterpriseId: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('users')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('kind', '=', 'applicant')
    .where('status', '=', 'active')
    .orderBy('created_at')
    .executeTakeFirst();
}

/**
 * Sign-in codes: issued to an active account's mobile number or email, kept as a keyed hash, used once,
 * voided after too many wrong tries; and the requests for them, counted per number or address and per
 * source. Functions take `db` or a transaction.
 */
import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { SignInAddress } from '../../domain/sign-in-address';
import type { Db } from '../../platform/db';
import type { UserRow } from '../../platform/db/schema';

/** The limits on sending codes (from configuration). */
export interface SignInCodeLimits {
  resendIntervalMs: number;
  perHour: number;
  perSourcePerHour: number;
}

const HOUR_MS = 3_600_000;

/** The key of the hashes of numbers, addresses and codes, derived from the secret-store key. */
function hashKey(secretKey: Buffer): Buffer {
  return createHmac('sha256', secretKey).update('sign-in-codes').digest();
}

/** The keyed hash under which a number or address is kept. */
export function addressHash(secretKey: Buffer, address: SignInAddress): string {
  return createHmac('sha256', hashKey(secretKey)).update(`address:${address.value}`).digest('hex');
}

function codeHash(secretKey: Buffer, codeId: string, code: string): string {
  return createHmac('sha256', hashKey(secretKey)).update(`code:${codeId}:${code}`).digest('hex');
}

/** Six digits from the operating system's CSPRNG. */
function newSignInCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Seconds until `source` may ask for a code for `hash` again (0: now), counting every request whether or
 * not an account has the number, so the wait tells nothing about accounts. Takes a transaction that holds
 * `lockSignInAddress`.
 */
export async function signInCodeWait(
  db: Db,
  hash: string,
  source: string,
  limits: SignInCodeLimits,
): Promise<{ seconds: number; why: 'source' | 'interval' | 'hourly' } | null> {
  const now = Date.now();
  const since = new Date(now - HOUR_MS);
  const wait = (from: Date, ms: number) => Math.max(1, Math.ceil((from.getTime() + ms - now) / 1000));
  const fromSource = await db
    .selectFrom('sign_in_code_requests')
    .select('requested_at')
    .where('source', '=', source)
    .where('requested_at', '>', since)
    .orderBy('requested_at', 'desc')
    .limit(limits.perSourcePerHour)
    .execute();
  if (fromSource.length >= limits.perSourcePerHour)
    return { seconds: wait(fromSource[fromSource.length - 1].requested_at, HOUR_MS), why: 'source' };
  const forAddress = await db
    .selectFrom('sign_in_code_requests')
    .select('requested_at')
    .where('address_hash', '=', hash)
    .where('requested_at', '>', since)
    .orderBy('requested_at', 'desc')
    .limit(limits.perHour)
    .execute();
  const last = forAddress[0]?.requested_at;
  if (last && now - last.getTime() < limits.resendIntervalMs)
    return { seconds: wait(last, limits.resendIntervalMs), why: 'interval' };
  if (forAddress.length >= limits.perHour)
    return { seconds: wait(forAddress[forAddress.length - 1].requested_at, HOUR_MS), why: 'hourly' };
  return null;
}

/** Serialises requests for one number or address until the transaction ends. */
export async function lockSignInAddress(trx: Db, hash: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`sign-in:${hash}`}))`.execute(trx);
}

/** Counts a request for a code (and forgets requests older than an hour). */
export async function recordSignInCodeRequest(db: Db, hash: string, source: string): Promise<void> {
  await db.insertInto('sign_in_code_requests').values({ address_hash: hash, source }).execute();
  await db
    .deleteFrom('sign_in_code_requests')
    .where('requested_at', '<', new Date(Date.now() - HOUR_MS))
    .execute();
}

/** The active accounts a number or address signs in to (more than one: it signs in to none). */
export async function accountsAt(db: Db, address: SignInAddress): Promise<UserRow[]> {
  const q = db.selectFrom('users').selectAll().where('status', '=', 'active');
  return (
    address.channel === 'sms'
      ? q.where('mobile', '=', address.value)
      : q.where(sql<string>`lower(trim(email))`, '=', address.value)
  )
    .limit(2)
    .execute();
}

/** Issues a code for `userId` at the address (earlier unspent codes there stop working); returns the code, to send. */
export async function issueSignInCode(
  db: Db,
  secretKey: Buffer,
  userId: string,
  address: SignInAddress,
  ttlMs: number,
): Promise<{ id: string; code: string }> {
  const hash = addressHash(secretKey, address);
  const id = randomUUID();
  const code = newSignInCode();
  const now = new Date();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('sign_in_codes')
      .set({ spent_at: now })
      .where('address_hash', '=', hash)
      .where('spent_at', 'is', null)
      .execute();
    await trx
      .deleteFrom('sign_in_codes')
      .where('expires_at', '<', new Date(now.getTime() - HOUR_MS))
      .execute();
    await trx
      .insertInto('sign_in_codes')
      .values({
        id,
        user_id: userId,
        address_hash: hash,
        channel: address.channel,
        code_hash: codeHash(secretKey, id, code),
        expires_at: new Date(now.getTime() + ttlMs),
      })
      .execute();
  });
  return { id, code };
}

/**
 * Tries `code` against the live code sent to the address: on a match it is spent and its account returned;
 * a wrong code counts a try, and the `maxTries`-th voids it. Unknown addresses, expired, spent and wrong
 * codes all answer `null` alike.
 */
export async function useSignInCode(
  db: Db,
  secretKey: Buffer,
  address: SignInAddress,
  code: string,
  maxTries: number,
): Promise<string | null> {
  const hash = addressHash(secretKey, address);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sign_in_codes')
      .select(['id', 'user_id', 'code_hash', 'failures', 'expires_at'])
      .where('address_hash', '=', hash)
      .where('spent_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.expires_at.getTime() <= Date.now()) return null;
    const given = Buffer.from(codeHash(secretKey, row.id, code), 'hex');
    const stored = Buffer.from(row.code_hash, 'hex');
    if (given.length === stored.length && timingSafeEqual(given, stored)) {
      await trx.updateTable('sign_in_codes').set({ spent_at: new Date() }).where('id', '=', row.id).execute();
      return row.user_id;
    }
    const failures = row.failures + 1;
    await trx
      .updateTable('sign_in_codes')
      .set({ failures, spent_at: failures >= maxTries ? new Date() : null })
      .where('id', '=', row.id)
      .execute();
    return null;
  });
}

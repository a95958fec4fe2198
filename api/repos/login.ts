/** Password sign-in: captchas (one attempt each) and failed sign-ins per login name. Functions take `db` or a transaction. */
import type { Db } from '../../platform/db';
import { sha256 } from '../../platform/seal';
import { normaliseCaptchaAnswer } from '../captcha';

/** Stores a captcha's answer (hashed) until `expiresAt`, and forgets expired ones. */
export async function storeCaptcha(db: Db, id: string, answer: string, expiresAt: Date): Promise<void> {
  await db
    .insertInto('captchas')
    .values({ id, answer_hash: sha256(normaliseCaptchaAnswer(answer)), expires_at: expiresAt })
    .execute();
  await db.deleteFrom('captchas').where('expires_at', '<', new Date()).execute();
}

/** Checks and uses up a captcha (one attempt per captcha). */
export async function consumeCaptcha(db: Db, id: string, answer: string): Promise<boolean> {
  const row = await db
    .deleteFrom('captchas')
    .where('id', '=', id)
    .returning(['answer_hash', 'expires_at'])
    .executeTakeFirst();
  return !!row && row.expires_at.getTime() > Date.now() && row.answer_hash === sha256(normaliseCaptchaAnswer(answer));
}

/** Until when a login name is locked after failures, if it is. */
export async function loginLockedUntil(db: Db, loginKey: string): Promise<Date | null> {
  const row = await db
    .selectFrom('login_failures')
    .select('locked_until')
    .where('login_key', '=', loginKey)
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

/** Counts a failed login; locks the name once `max` failures fall within the lock window. */
export async function recordLoginFailure(db: Db, loginKey: string, max: number, lockMs: number): Promise<void> {
  const now = new Date();
  const windowStart = new Date(now.getTime() - lockMs);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('login_failures')
      .selectAll()
      .where('login_key', '=', loginKey)
      .forUpdate()
      .executeTakeFirst();
    const fresh = !row || row.first_failed_at < windowStart;
    const failures = fresh ? 1 : row.failures + 1;
    const values = {
      failures,
      first_failed_at: fresh ? now : row.first_failed_at,
      locked_until: failures >= max ? new Date(now.getTime() + lockMs) : null,
    };
    if (row) await trx.updateTable('login_failures').set(values).where('login_key', '=', loginKey).execute();
    else
      await trx
        .insertInto('login_failures')
        .values({ login_key: loginKey, ...values })
        .execute();
  });
}

/** Forgets a login name's failures (after a successful sign-in or a password reset). */
export async function clearLoginFailures(db: Db, loginKey: string): Promise<void> {
  await db.deleteFrom('login_failures').where('login_key', '=', loginKey).execute();
}

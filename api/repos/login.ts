/** Password sign-in: captchas (one attempt each) and failed sign-ins per login name and source. Functions take `db` or a transaction. */
import { loginDelayMs, type LoginThrottlePolicy } from '../../domain/login-throttle';
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

/** The row key of a login name's failures from all sources. */
const accountKey = (loginKey: string) => loginKey;
/** The row key of a login name's failures from one source address. */
const sourceKey = (loginKey: string, source: string) => JSON.stringify([loginKey, source]);

/** Until when `source` must wait before trying `loginKey` again, if it must. */
export async function loginDelayedUntil(db: Db, loginKey: string, source: string): Promise<Date | null> {
  const row = await db
    .selectFrom('login_failures')
    .select('locked_until')
    .where('login_key', '=', sourceKey(loginKey, source))
    .executeTakeFirst();
  return row?.locked_until ?? null;
}

/**
 * Counts a wrong password from `source` on `loginKey` (and on the name from all sources); sets the wait
 * of that source on that name only. Failures older than `policy.lockMs` are forgotten.
 */
export async function recordLoginFailure(
  db: Db,
  loginKey: string,
  source: string,
  policy: LoginThrottlePolicy,
): Promise<void> {
  const now = new Date();
  const windowStart = new Date(now.getTime() - policy.lockMs);
  await db.transaction().execute(async (trx) => {
    const count = async (key: string) => {
      const row = await trx
        .selectFrom('login_failures')
        .selectAll()
        .where('login_key', '=', key)
        .forUpdate()
        .executeTakeFirst();
      const fresh = !row || row.first_failed_at < windowStart;
      return { exists: !!row, failures: fresh ? 1 : row.failures + 1, since: fresh ? now : row.first_failed_at };
    };
    const save = async (key: string, c: Awaited<ReturnType<typeof count>>, lockedUntil: Date | null) => {
      const values = { failures: c.failures, first_failed_at: c.since, locked_until: lockedUntil };
      if (c.exists) await trx.updateTable('login_failures').set(values).where('login_key', '=', key).execute();
      else
        await trx
          .insertInto('login_failures')
          .values({ login_key: key, ...values })
          .execute();
    };
    const account = await count(accountKey(loginKey));
    const fromSource = await count(sourceKey(loginKey, source));
    const delay = loginDelayMs(fromSource.failures, account.failures, policy);
    await save(accountKey(loginKey), account, null);
    await save(sourceKey(loginKey, source), fromSource, delay > 0 ? new Date(now.getTime() + delay) : null);
  });
}

/** Forgets the failures of `source` on a login name (after it signed in there). */
export async function clearSourceFailures(db: Db, loginKey: string, source: string): Promise<void> {
  await db.deleteFrom('login_failures').where('login_key', '=', sourceKey(loginKey, source)).execute();
}

/** Forgets every failure on a login name, from every source (after a password reset). */
export async function clearLoginFailures(db: Db, loginKey: string): Promise<void> {
  const prefix = JSON.stringify([loginKey, ''])
    .slice(0, -2)
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  await db
    .deleteFrom('login_failures')
    .where((eb) => eb.or([eb('login_key', '=', accountKey(loginKey)), eb('login_key', 'like', `${prefix}%`)]))
    .execute();
}

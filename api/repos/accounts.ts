/** Enterprise accounts: registration, one-time links (activation, password reset) and their messages. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Notifier } from '../../integrations/notifications/notifier';
import { entityNameKey, normaliseEntityName } from '../../domain/validators';
import type { Db } from '../../platform/db';
import type { UserRow } from '../../platform/db/schema';
import { hashPassword } from '../../platform/passwords';
import { randomToken, sha256 } from '../../platform/seal';

/** What `POST /accounts` takes (after schema validation). */
export interface NewAccount {
  entityName: string;
  loginName: string;
  password: string;
  contactName: string;
  mobile: string;
  email: string;
}

/** Which unique rule a registration broke, if any. */
export type Taken = 'entityName' | 'loginName' | null;

/** True when the entity name is free (whitespace and width folded). */
export async function entityNameFree(db: Db, entityName: string): Promise<boolean> {
  return !(await db
    .selectFrom('enterprises')
    .select('id')
    .where('name_key', '=', entityNameKey(entityName))
    .executeTakeFirst());
}

/** True when the login name is free (case-insensitive). */
export async function loginNameFree(db: Db, loginName: string): Promise<boolean> {
  return !(await db
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(login_name)`, '=', loginName.trim().toLowerCase())
    .executeTakeFirst());
}

function uniqueViolation(err: unknown): Taken {
  const failure = err as { code?: string; constraint?: string; message?: string };
  if (failure.code !== '23505') return null;
  const where = `${failure.constraint ?? ''} ${failure.message ?? ''}`;
  if (where.includes('users_login_name_key')) return 'loginName';
  if (where.includes('enterprises_name_key')) return 'entityName';
  return null;
}

/** Creates the enterprise, its first (unactivated) account and an empty profile; the database settles races. */
export async function registerAccount(
  db: Db,
  a: NewAccount,
): Promise<{ user: UserRow; enterpriseId: string; entityName: string } | { taken: Taken }> {
  const enterpriseId = randomUUID();
  const entityName = normaliseEntityName(a.entityName);
  const passwordHash = await hashPassword(a.password);
  try {
    return await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('enterprises')
        .values({
          id: enterpriseId,
          entity_name: entityName,
          name_key: entityNameKey(a.entityName),
        })
        .execute();
      const user = await trx
        .insertInto('users')
        .values({
          id: randomUUID(),
          login_name: a.loginName.trim(),
          display_name: a.contactName.trim(),
          password_hash: passwordHash,
          kind: 'applicant',
          roles: ['applicant'],
          enterprise_id: enterpriseId,
          mobile: a.mobile,
          email: a.email.trim(),
          status: 'pending_activation',
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx.insertInto('enterprise_profiles').values({ enterprise_id: enterpriseId }).execute();
      return { user, enterpriseId, entityName };
    });
  } catch (err) {
    const taken = uniqueViolation(err);
    if (taken) return { taken };
    throw err;
  }
}

/** How soon another account message may be sent, in seconds (0 = now). */
export async function accountMailWait(
  db: Db,
  userId: string,
  purpose: 'activate' | 'reset_password',
  intervalMs: number,
  perDay: number,
): Promise<number> {
  const recent = await db
    .selectFrom('account_tokens')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('created_at', '>', new Date(Date.now() - 86_400_000))
    .orderBy('created_at', 'desc')
    .execute();
  const last = recent[0]?.created_at.getTime() ?? 0;
  if (Date.now() - last < intervalMs) return Math.ceil((intervalMs - (Date.now() - last)) / 1000);
  if (recent.length >= perDay)
    return Math.ceil((recent[recent.length - 1].created_at.getTime() + 86_400_000 - Date.now()) / 1000);
  return 0;
}

/** Issues a one-time link token and sends it by email and SMS; earlier unused tokens of the purpose stop working. */
export async function sendAccountLink(
  deps: { db: Db; notifier: Notifier; publicUrl: string },
  user: Pick<UserRow, 'id' | 'login_name' | 'display_name' | 'mobile' | 'email' | 'enterprise_id'>,
  purpose: 'activate' | 'reset_password',
  ttlMs: number,
): Promise<void> {
  const token = randomToken(purpose === 'activate' ? 'act' : 'rst', 24);
  const hash = sha256(token);
  await deps.db
    .updateTable('account_tokens')
    .set({ used_at: new Date() })
    .where('user_id', '=', user.id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
  await deps.db
    .insertInto('account_tokens')
    .values({ token_hash: hash, user_id: user.id, purpose, expires_at: new Date(Date.now() + ttlMs) })
    .execute();
  const enterprise = user.enterprise_id
    ? await deps.db
        .selectFrom('enterprises')
        .select('entity_name')
        .where('id', '=', user.enterprise_id)
        .executeTakeFirst()
    : undefined;
  const path = purpose === 'activate' ? 'activate' : 'reset-password';
  const params = {
    loginName: user.login_name,
    contactName: user.display_name,
    entityName: enterprise?.entity_name ?? '',
    // (in the fragment: browsers never send it, so the token reaches no server or proxy log)
    link: `${deps.publicUrl}/${path}#token=${token}`,
    token,
    hours: String(Math.round(ttlMs / 3_600_000)),
    minutes: String(Math.round(ttlMs / 60_000)),
  };
  const template = purpose === 'activate' ? 'account.activation' : 'account.password_reset';
  const key = `${purpose}:${hash.slice(0, 16)}`;
  if (user.email) await deps.notifier.send({ key: `${key}:email`, channel: 'email', to: user.email, template, params });
  if (user.mobile) await deps.notifier.send({ key: `${key}:sms`, channel: 'sms', to: user.mobile, template, params });
}

/**
 * Uses a one-time token: `apply` runs in the same transaction that marks the token used, so the token
 * is spent only if the change is made. Returns why the token cannot be used, if it cannot.
 */
export async function useAccountToken(
  db: Db,
  token: string,
  purpose: 'activate' | 'reset_password',
  apply: (trx: Db, userId: string) => Promise<void>,
): Promise<{ userId: string } | { problem: 'invalid' | 'expired' | 'used' }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('account_tokens')
      .selectAll()
      .where('token_hash', '=', sha256(token.trim()))
      .where('purpose', '=', purpose)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return { problem: 'invalid' as const };
    if (row.used_at) return { problem: 'used' as const };
    if (row.expires_at.getTime() < Date.now()) return { problem: 'expired' as const };
    await trx
      .updateTable('account_tokens')
      .set({ used_at: new Date() })
      .where('token_hash', '=', row.token_hash)
      .execute();
    await apply(trx as unknown as Db, row.user_id);
    return { userId: row.user_id };
  });
}

/** Activates an account waiting for activation. */
export async function activateUser(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ status: 'active', updated_at: new Date() })
    .where('id', '=', userId)
    .where('status', '=', 'pending_activation')
    .execute();
}

/** Sets a user's password (already hashed). */
export async function setPassword(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

/** Sessions: opaque bearer tokens, stored only as their SHA-256. */
import type { Db } from '../../platform/db';
import type { UserRow } from '../../platform/db/schema';
import { randomToken, sha256 } from '../../platform/seal';

/** Opens a session for `userId`; returns the token (shown once, never stored). */
export async function openSession(
  db: Db,
  userId: string,
  ttlMs: number,
  purpose = 'login',
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken('st');
  const expiresAt = new Date(Date.now() + ttlMs);
  await db
    .insertInto('sessions')
    .values({ token_hash: sha256(token), user_id: userId, purpose, expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

/** The active user behind a live token, or `undefined`. */
export async function userForToken(db: Db, token: string): Promise<UserRow | undefined> {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', sha256(token))
    .where('sessions.revoked_at', 'is', null)
    .where('sessions.expires_at', '>', new Date())
    .where('users.status', '=', 'active')
    .executeTakeFirst();
}

/** Revokes a token (logout). */
export async function revokeSession(db: Db, token: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every session of a user with a given purpose (e.g. the local CLI token on restart). */
export async function revokeUserSessions(db: Db, userId: string, purpose: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of a user (password changed, account disabled). */
export async function revokeAllSessions(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: new Date() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

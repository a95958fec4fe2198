/**
 * Local administration of the embedded default without a bearer secret on disk: `npm run create-user`
 * signs its one request with a key derived from SECRET_STORE_KEY (in data/dev.env, the local secret the
 * product already keeps there). The API accepts such a request only in the embedded default (no
 * DATABASE_URL), only from the loopback address, only for creating a staff user, within a minute of its
 * signature and once; it acts as the first active admin.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { UserRow } from '../platform/db/schema';

/** The scheme of the `Authorization` header: `LocalAdmin <unix ms>.<hex signature>`. */
export const LOCAL_ADMIN_SCHEME = 'LocalAdmin';
/** The one request that may be signed. */
export const LOCAL_ADMIN_ROUTE = { method: 'POST', url: '/api/v1/admin/users' } as const;
/** How long a signature is good for. */
const SIGNATURE_TTL_MS = 60_000;

/** The signature of a local admin request made at `at` (unix ms). */
export function localAdminSignature(secretStoreKey: Buffer, at: number, method: string, url: string): string {
  const key = createHmac('sha256', secretStoreKey).update('local-admin-requests').digest();
  return createHmac('sha256', key).update(`${at}\n${method}\n${url}`).digest('hex');
}

/** The `Authorization` header of a local admin request signed now. */
export function localAdminAuthorization(secretStoreKey: Buffer): string {
  const at = Date.now();
  return `${LOCAL_ADMIN_SCHEME} ${at}.${localAdminSignature(secretStoreKey, at, LOCAL_ADMIN_ROUTE.method, LOCAL_ADMIN_ROUTE.url)}`;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** Signatures already used (each is good once), with when they stop being good. */
const used = new Map<string, number>();

/** The admin a signed local request acts as, or null when the request is not one (or not acceptable). */
export async function localAdminOf(app: FastifyInstance, request: FastifyRequest): Promise<UserRow | null> {
  const header = request.headers.authorization;
  if (!header?.startsWith(`${LOCAL_ADMIN_SCHEME} `) || app.config.databaseUrl) return null;
  if (request.method !== LOCAL_ADMIN_ROUTE.method || request.url !== LOCAL_ADMIN_ROUTE.url) return null;
  if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) return null;
  const [atText, signature] = header
    .slice(LOCAL_ADMIN_SCHEME.length + 1)
    .trim()
    .split('.');
  const at = Number(atText);
  if (!Number.isSafeInteger(at) || !signature || Math.abs(Date.now() - at) > SIGNATURE_TTL_MS) return null;
  const expected = Buffer.from(localAdminSignature(app.config.secretStoreKey, at, request.method, request.url), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const now = Date.now();
  for (const [s, until] of used) if (until < now) used.delete(s);
  if (used.has(signature)) return null;
  used.set(signature, now + 2 * SIGNATURE_TTL_MS);
  const admin = await app.db
    .selectFrom('users')
    .selectAll()
    .where(sql<boolean>`'admin' = any(roles)`)
    .where('status', '=', 'active')
    .orderBy('created_at')
    .executeTakeFirst();
  return admin ?? null;
}

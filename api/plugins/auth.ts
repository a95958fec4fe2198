/**
 * Authentication (bearer token or session cookie) and access control. Every route declares who may
 * call it in `config.access`: `'public'`, `'authenticated'`, or a list of roles (any one suffices).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../../contracts/tasks';
import { hasRole, type Role } from '../../domain/roles';
import { msg } from '../../domain/text';
import type { UserRow } from '../../platform/db/schema';
import { ApiError, forbidden } from '../errors';
import { actorOf } from '../repos/users';
import { userForToken } from '../repos/sessions';
import { localAdminOf } from '../local-admin';

/** Who may call a route. */
export type Access = 'public' | 'authenticated' | readonly Role[];

/** Name of the session cookie. */
export const SESSION_COOKIE = 'bpm_session';

/**
 * Sets the session cookie (HttpOnly, SameSite=Lax, whole site) of a session just opened; `Secure` whenever
 * the request came over HTTPS (as TRUST_PROXY lets X-Forwarded-Proto say) and always in production.
 */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  session: { token: string; expiresAt: Date },
) {
  const secure = request.protocol === 'https' || request.server.config.nodeEnv === 'production';
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    expires: session.expiresAt,
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** The signed-in user, if any. */
    user: UserRow | null;
    /** The token the request came with, if any. */
    sessionToken: string | null;
  }
}

function tokenOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return request.cookies?.[SESSION_COOKIE] ?? null;
}

/** The signed-in actor; throws 401 when there is none. */
export function actorOfRequest(request: FastifyRequest): Actor {
  if (!request.user) throw unauthenticated();
  return actorOf(request.user);
}

function unauthenticated(): ApiError {
  return new ApiError(401, 'UNAUTHENTICATED', msg('请先登录', 'Sign in first'));
}

/** Installs authentication and the access check, and refuses to start with an undeclared route. */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    const access = (route.config as { access?: Access } | undefined)?.access;
    if ((url.startsWith('/api/') || url.startsWith('/codec')) && access === undefined) {
      throw new Error(`route ${String(route.method)} ${url} does not declare config.access`);
    }
    if (access !== undefined && access !== 'public') {
      route.schema = {
        ...(route.schema ?? {}),
        security: [{ bearerAuth: [] }, { cookieAuth: [] }],
      } as typeof route.schema;
    }
  });

  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = request.routeOptions.config?.access;
    const token = tokenOf(request);
    if (token) {
      const user = await userForToken(app.db, token);
      if (user) {
        request.user = user;
        request.sessionToken = token;
      }
    } else request.user = await localAdminOf(app, request);
    if (access === undefined || access === 'public') return;
    if (!request.user) throw unauthenticated();
    if (access === 'authenticated') return;
    if (!hasRole(request.user, ...access)) {
      throw forbidden(msg(`需要以下角色之一：${access.join('、')}`, `Needs one of the roles: ${access.join(', ')}`));
    }
  });
});

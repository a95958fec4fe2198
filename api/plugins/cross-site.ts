/**
 * Cross-site request refusal: a state-changing request that authenticates by the session cookie (no
 * bearer token) must come from the product's own origin — its PUBLIC_URL, the origin it was reached at,
 * or one of CORS_ORIGINS — as the browser's `Origin` (or, without it, `Sec-Fetch-Site`) says. A form
 * or script on another site is refused with 403 before anything happens. Requests with a bearer token
 * or without the cookie carry no ambient authority and are not affected.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { msg } from '../../domain/text';
import { ApiError } from '../errors';
import { SESSION_COOKIE } from './auth';

/** Methods that change nothing. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `Sec-Fetch-Site` values of a request the product's own pages (or the person, typing) made. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

function cookieAuthenticated(request: FastifyRequest): boolean {
  if (request.headers.authorization?.startsWith('Bearer ')) return false;
  return Boolean(request.cookies?.[SESSION_COOKIE]);
}

/** Whether the browser says `request` came from one of `trusted` origins (true when it says nothing). */
export function fromOwnOrigin(request: FastifyRequest, trusted: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return trusted.has(origin) || origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || OWN_FETCH_SITES.has(site as string);
}

/** Installs the refusal of cross-site state-changing requests that authenticate by cookie. */
export const crossSitePlugin = fp(async (app: FastifyInstance) => {
  const trusted = new Set([new URL(app.config.http.publicUrl).origin, ...app.config.http.corsOrigins]);
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !cookieAuthenticated(request)) return;
    if (!fromOwnOrigin(request, trusted))
      throw new ApiError(
        403,
        'CROSS_SITE_REQUEST',
        msg(
          '拒绝来自其他网站的请求：请在本系统页面中操作',
          'Refused a cross-site request that signs in by cookie; act from the product’s own pages',
        ),
      );
  });
});

/** Route options shared by route plugins: rate limits, bodies that may be left out, the documented error answers. */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ErrorSchema } from './schemas/common';

/** Per-IP limit of `max` requests a minute, scaled by RATE_LIMIT_FACTOR. */
export function perMinute(app: { config: { http: { rateLimitFactor: number } } }, max: number) {
  return { max: max * app.config.http.rateLimitFactor, timeWindow: '1 minute' };
}

/** An action whose body fields are all optional may be posted without a body: it counts as `{}` (a preValidation hook). */
export async function noBodyIsEmpty(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}

/**
 * Statuses any route may answer in the product's error shape, whatever it does: invalid input (400), not
 * signed in (401), not allowed or refused as cross-site (403), not found or not visible (404), a conflict
 * with the current state (409), a body too large (413), an unsupported content type (415), a refused
 * action (422), too many requests (429), a dependency unavailable (503).
 */
export const COMMON_ERROR_STATUSES = [400, 401, 403, 404, 409, 413, 415, 422, 429, 503] as const;

/** A path parameter longer than the router accepts (Fastify's maxParamLength) answers 414. */
export const MAX_PARAM_LENGTH = 100;

/**
 * An onRoute hook that documents, on every route in the OpenAPI document, the error answers it may give
 * with the product's error schema (414 where the path has parameters); a status the route declares itself
 * is kept. Only the success answers are declared route by route.
 */
export function documentErrorAnswers(route: RouteOptions): void {
  const schema = (route.schema ?? {}) as { hide?: boolean; response?: Record<string, unknown> };
  if (schema.hide) return;
  const statuses: number[] = [...COMMON_ERROR_STATUSES, ...(route.url.includes(':') ? [414] : [])];
  const response = { ...(schema.response ?? {}) };
  for (const status of statuses) response[status] ??= ErrorSchema;
  route.schema = { ...schema, response } as RouteOptions['schema'];
}

/** Accepts `application/x-www-form-urlencoded` bodies in `scope` (payment providers post their notifications so); nowhere else. */
export function acceptFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
}

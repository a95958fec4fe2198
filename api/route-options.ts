/** Route options shared by route plugins: rate limits and bodies that may be left out. */

/** Per-IP limit of `max` requests a minute, scaled by RATE_LIMIT_FACTOR. */
export function perMinute(app: { config: { http: { rateLimitFactor: number } } }, max: number) {
  return { max: max * app.config.http.rateLimitFactor, timeWindow: '1 minute' };
}

/** An action whose body fields are all optional may be posted without a body: it counts as `{}` (a preValidation hook). */
export async function noBodyIsEmpty(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}

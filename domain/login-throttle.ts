/**
 * Keeping password guessing out without handing out a lock-out button. Failures are counted per login
 * name and source address, and per login name. A source that keeps failing on a name waits, with
 * growing delays, and after `maxFailures` is locked out of that name for `lockMs` — that source only:
 * the holder, signing in from elsewhere, is never locked out by someone else's guesses. Every attempt
 * also needs a fresh captcha (one attempt each). When a name draws many failures from many sources, new
 * sources get no free attempts on it: each wrong password from them starts a delay at once.
 */

/** The throttle's settings. */
export interface LoginThrottlePolicy {
  /** Wrong passwords from one source on one name that lock that source out of that name. */
  maxFailures: number;
  /** How long that lock lasts, and how long failures are remembered. */
  lockMs: number;
}

/** Failures a source may make on a name before delays begin. */
export const FREE_FAILURES = 2;
/** The first delay; each further failure doubles it. */
export const BASE_DELAY_MS = 2_000;

/** Failures on a name, from all sources, beyond which a source gets no free attempts. */
export function accountAlarm(policy: LoginThrottlePolicy): number {
  return policy.maxFailures * 2;
}

/**
 * How long a source must wait before its next attempt on a name, after its `sourceFailures`-th
 * failure there, with `accountFailures` failures on the name from all sources (0: no wait).
 */
export function loginDelayMs(sourceFailures: number, accountFailures: number, policy: LoginThrottlePolicy): number {
  if (sourceFailures >= policy.maxFailures) return policy.lockMs;
  const free = accountFailures >= accountAlarm(policy) ? 0 : FREE_FAILURES;
  if (sourceFailures <= free) return 0;
  return Math.min(BASE_DELAY_MS * 2 ** (sourceFailures - free - 1), policy.lockMs);
}

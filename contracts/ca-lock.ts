/**
 * 使用CA锁登录 — what a UKey signs to log in with the CA lock. The signed text is a message of its own
 * kind: this product's login, the web origin the login is for, and the server's one-time challenge. So a
 * login signature is never a signature of anything else (a payment, a document), nor a login at another
 * site. The signing agent (agent/) composes it from a challenge it has checked; the API verifies the
 * signature (RSA-SHA256, PKCS#1 v1.5, over the UTF-8 bytes) against the same text.
 */

/** First line of every login message: what the signature is for. */
export const CA_LOCK_LOGIN_PURPOSE = 'ca-onboarding-bpm/ca-lock-login/v1';

/** A challenge as `POST /auth/ca/challenge` issues it: 32 random bytes in base64url. */
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** Bytes of randomness in a challenge. */
export const CHALLENGE_BYTES = 32;

/** True when `nonce` has the shape of a challenge this product issues. */
export function isLoginChallenge(nonce: string): boolean {
  return CHALLENGE.test(nonce);
}

/** The web origin (`scheme://host[:port]`) of a URL, as browsers send it in the Origin header. */
export function webOrigin(url: string): string {
  return new URL(url).origin;
}

/** The exact text a UKey signs to answer `nonce` for a login at `origin`. */
export function caLockLoginMessage(origin: string, nonce: string): string {
  return `${CA_LOCK_LOGIN_PURPOSE}\norigin=${origin}\nnonce=${nonce}\n`;
}

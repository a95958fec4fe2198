/** Sealing small values at rest (AES-256-GCM) — secret references, development-outbox bodies — and keyed hashes of one-time codes. */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Seals `plain` with `key`; the result is a printable string. */
export function seal(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
    '.',
  );
}

/** Opens a value sealed by `seal`; throws if it was altered or sealed with another key. */
export function unseal(key: Buffer, sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** SHA-256 of `value`, hex. */
export function sha256(value: string | Buffer): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A random URL-safe token of `bytes` bytes with a readable prefix. */
export function randomToken(prefix: string, bytes = 32): string {
  return `${prefix}_${randomBytes(bytes).toString('base64url')}`;
}

/**
 * A code of `length` characters from `alphabet` derived from `key` and `label` (HMAC-SHA256, unbiased):
 * the same label always gives the same code, and without the key nobody can compute it.
 */
export function derivedCode(key: Buffer, label: string, alphabet: string, length: number): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  for (let block = 0; out.length < length; block++) {
    for (const byte of createHmac('sha256', key).update(`${label}\n${block}`).digest()) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** The keyed hash under which an order's authorisation code is kept. */
export function authCodeHash(key: Buffer, orderId: string, code: string): string {
  return createHmac('sha256', key).update(`${orderId}:${code.trim().toUpperCase()}`).digest('hex');
}

/** True when `code` is the order's authorisation code (constant-time comparison). */
export function authCodeMatches(key: Buffer, orderId: string, code: string, storedHash: string): boolean {
  const a = Buffer.from(authCodeHash(key, orderId, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Alipay's RSA2 signature of notification parameters: SHA256withRSA over the sorted `k=v` string. */
import { createSign, createVerify } from 'node:crypto';

/** The signed string: every parameter but `sign` and `sign_type` with a value, sorted by key, `k=v` joined by `&`, not URL-encoded. */
export function signContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && k !== 'sign_type' && params[k] !== '' && params[k] != null)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

/** The RSA2 signature of `params` (base64). */
export function signRsa2(params: Record<string, string>, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(signContent(params), 'utf8').sign(privateKeyPem, 'base64');
}

/** True when `params.sign` is a valid RSA2 signature by the key's owner; false on any problem, never throws. */
export function verifyRsa2(params: Record<string, string>, publicKeyPem: string): boolean {
  if (!params.sign || (params.sign_type !== undefined && params.sign_type !== 'RSA2')) return false;
  try {
    return createVerify('RSA-SHA256').update(signContent(params), 'utf8').verify(publicKeyPem, params.sign, 'base64');
  } catch {
    return false;
  }
}

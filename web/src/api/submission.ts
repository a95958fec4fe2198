/**
 * Idempotency keys for submitted bodies. The API answers 422 IDEMPOTENCY_KEY_REUSED when a key comes
 * back with another body, and replays its first answer when it comes back with the same one; so a key
 * belongs to one body and is sent again only to retry that body after the request was lost (network
 * error) or the server asked for a retry (503 PROCESS_BUSY, 409 REQUEST_IN_PROGRESS).
 */

/** Fills a byte array with random values. */
export type RandomFill = (bytes: Uint8Array) => Uint8Array;

/**
 * A fresh key: 128 random bits as 32 hex digits. `crypto.getRandomValues` works over plain HTTP
 * (`randomUUID` and `subtle` need a secure context, which an intranet address often is not).
 */
export function newIdempotencyKey(fill: RandomFill = (bytes) => globalThis.crypto.getRandomValues(bytes)): string {
  return Array.from(fill(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How a request carrying a key ended. */
export type SubmissionEnd = 'answered' | 'retry';

/** The key of one form's submissions: the same for a retried body, a new one for anything else. */
export class Submission {
  private key: string | null = null;
  private body: string | null = null;

  constructor(private readonly makeKey: () => string = () => newIdempotencyKey()) {}

  /** The key to send with `body`. */
  keyFor(body: unknown): string {
    const json = JSON.stringify(body ?? null);
    if (this.key === null || json !== this.body) {
      this.key = this.makeKey();
      this.body = json;
    }
    return this.key;
  }

  /** Records how the last request ended: an answered key is spent; a key to retry stays with its body. */
  ended(how: SubmissionEnd): void {
    if (how === 'answered') {
      this.key = null;
      this.body = null;
    }
  }
}

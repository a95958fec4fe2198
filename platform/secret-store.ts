/**
 * The secret store: PINs, one-time codes and similar values travel through Temporal and logs only as
 * an opaque reference. The value is sealed at rest, looked up by the hash of its reference, expires
 * quickly and is deleted when taken.
 */
import { sql } from 'kysely';
import type { SecretRef } from '../contracts/secrets';
import type { Db } from './db';
import { randomToken, seal, sha256, unseal } from './seal';

/** True when `value` is a secret reference. */
export function isSecretRef(value: unknown): value is SecretRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SecretRef).secretRef === 'string' &&
    (value as SecretRef).secretRef.startsWith('sec_')
  );
}

/** Holds secrets by reference. */
export class SecretStore {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {}

  /** Stores `value` for `purpose` for `ttlMs`; returns its reference. */
  async put(value: string, purpose: string, ttlMs: number): Promise<SecretRef> {
    const ref = randomToken('sec');
    await this.db
      .insertInto('secret_refs')
      .values({
        ref_hash: sha256(ref),
        purpose,
        sealed: seal(this.key, value),
        expires_at: new Date(Date.now() + ttlMs),
      })
      .execute();
    return { secretRef: ref };
  }

  /** Returns the value and deletes it (single use); `null` if unknown, expired or for another purpose. */
  async take(ref: SecretRef, purpose: string): Promise<string | null> {
    const row = await this.db
      .deleteFrom('secret_refs')
      .where('ref_hash', '=', sha256(ref.secretRef))
      .where('purpose', '=', purpose)
      .returning(['sealed', 'expires_at'])
      .executeTakeFirst();
    if (!row || row.expires_at.getTime() < Date.now()) return null;
    return unseal(this.key, row.sealed);
  }

  /** Returns the value without using it up; `null` if unknown, expired or for another purpose. */
  async read(ref: SecretRef, purpose: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('secret_refs')
      .select(['sealed', 'expires_at'])
      .where('ref_hash', '=', sha256(ref.secretRef))
      .where('purpose', '=', purpose)
      .executeTakeFirst();
    if (!row || row.expires_at.getTime() < Date.now()) return null;
    return unseal(this.key, row.sealed);
  }

  /** Deletes a reference (no error if already gone). */
  async discard(ref: SecretRef): Promise<void> {
    await this.db.deleteFrom('secret_refs').where('ref_hash', '=', sha256(ref.secretRef)).execute();
  }

  /** Deletes expired secrets; returns how many. */
  async purgeExpired(): Promise<number> {
    const res = await this.db
      .deleteFrom('secret_refs')
      .where('expires_at', '<', sql<Date>`now()`)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}

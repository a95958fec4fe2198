/**
 * Contract of a token station: a worker with UKey readers (PKCS#11) on its own task queue, with access to
 * the CA port and the database. The order workflow runs these activities on the station's queue; a PIN
 * only ever travels as a secret reference.
 */
import type { SecretRef } from '../platform/secret-store';

/** Task queue of a station. */
export function stationTaskQueue(stationId: string): string {
  return `station-${stationId}`;
}

/** A token present in a station's reader. */
export interface StationToken {
  serial: string;
  label: string;
  model: string;
  manufacturer: string;
  /** No key or certificate on it: ready to be made into a UKey. */
  blank: boolean;
  hasCertificate: boolean;
  pinLocked: boolean;
}

/** The subject a certificate request carries. */
export interface CertificateSubject {
  organizationName: string;
  creditCode: string;
}

/** Failure types a station raises that must not be retried (a retry would burn PIN attempts or cannot help). */
export const StationFailure = {
  PinIncorrect: 'PIN_INCORRECT',
  PinLocked: 'PIN_LOCKED',
  TokenNotFound: 'TOKEN_NOT_FOUND',
  TokenNotBlank: 'TOKEN_NOT_BLANK',
} as const;

/** What making one UKey needs. */
export interface MakeUKeyInput {
  orderId: string;
  itemId: string;
  enterpriseId: string;
  stationId: string;
  tokenSerial: string;
  ukeyModel: string;
  /** CKA_ID of the key pair (hex). */
  keyId: string;
  subject: CertificateSubject;
  validityYears: number;
  /** The order's initial PIN, by reference. */
  initialPin: SecretRef;
}

/** What the order workflow asks of a station (implemented in activities/token/station.ts). */
export interface StationActivities {
  /** The tokens present now. */
  listTokens(): Promise<StationToken[]>;
  /**
   * Makes one UKey: key pair generated on the blank token (or the one a previous attempt left), request
   * signed on the token, certificate issued by the CA (once per item), written next to the key, PIN set
   * to the order's initial PIN, recorded done. Every step resumes after a crash; a refusal cleans up.
   */
  makeUKey(input: MakeUKeyInput): Promise<{ certificateSerial: string }>;
  /** Removes what an unfinished item left on a token (best effort). */
  wipeKey(input: { tokenSerial: string; keyId: string }): Promise<number>;
}

/** Workflow type that asks a station which tokens it holds (a short request–response). */
export const STATION_INVENTORY_WORKFLOW = 'stationInventory';
/** The inventory workflow's signature. */
export type StationInventoryWorkflow = (stationId: string) => Promise<StationToken[]>;

/**
 * Contract of a token station: a worker with UKey readers (PKCS#11) on its own task queue. The order
 * workflow runs these activities on the station's queue; a PIN only ever travels as a secret reference.
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

/** What the order workflow asks of a station (implemented in activities/token/station.ts). */
export interface StationActivities {
  /** The tokens present now. */
  listTokens(): Promise<StationToken[]>;
  /**
   * Generates the key pair on a blank token (or finds the one this item generated before) and returns a
   * PKCS#10 request signed on the token, base64 DER.
   */
  prepareKey(input: { tokenSerial: string; keyId: string; subject: CertificateSubject }): Promise<{ csr: string; resumed: boolean }>;
  /** Writes the certificate next to its key and sets the UKey's PIN to the order's initial PIN. */
  installCertificate(input: { orderId: string; tokenSerial: string; keyId: string; certificate: string; initialPin: SecretRef }): Promise<void>;
  /** Removes what an unfinished item left on a token (best effort). */
  wipeKey(input: { tokenSerial: string; keyId: string }): Promise<number>;
}

/** Workflow type that asks a station which tokens it holds (a short request–response). */
export const STATION_INVENTORY_WORKFLOW = 'stationInventory';
/** The inventory workflow's signature. */
export type StationInventoryWorkflow = (stationId: string) => Promise<StationToken[]>;

/**
 * Contract of a token station: a worker with UKey readers (PKCS#11) on its own task queue, with access to
 * the CA port and the database. The order workflow runs these activities on the station's queue; the
 * order's initial PIN only ever travels as a secret reference. A station never signs a login: that is
 * done by the signing agent at the machine the UKey is plugged into (agent/), with the PIN typed there.
 */
import { ApplicationFailure, TimeoutFailure, TimeoutType } from '@temporalio/common';
import type { SecretRef } from './secrets';

/** Task queue of a station. */
export function stationTaskQueue(stationId: string): string {
  return `station-${stationId}`;
}

/** Wrong user PINs in a row that lock a token (TOKEN_PIN_ATTEMPTS), as a UKey's own counter would. */
export const DEFAULT_PIN_ATTEMPT_LIMIT = 6;

/** A token present in a station's reader. */
export interface StationToken {
  serial: string;
  label: string;
  model: string;
  manufacturer: string;
  /** No key or certificate on it: ready to be made into a UKey. */
  blank: boolean;
  hasCertificate: boolean;
  /** Serial (lower-case hex) of the certificate on the token, if it holds one. */
  certificateSerial: string | null;
  /** Locked after too many wrong PINs; unlocked only with the SO PIN. */
  pinLocked: boolean;
  /** Wrong PINs still allowed before the token locks. */
  pinAttemptsLeft: number;
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
  /** The order's initial PIN is no longer in the secret store. */
  PinUnavailable: 'PIN_UNAVAILABLE',
  TokenNotFound: 'TOKEN_NOT_FOUND',
  TokenNotBlank: 'TOKEN_NOT_BLANK',
  /** Details: `UkeyModelMismatchDetails`. */
  UkeyModelMismatch: 'UKEY_MODEL_MISMATCH',
  /** The certificate authority refused the request. */
  CaRefused: 'CA_REFUSED',
  /** A renewal: the token does not hold the certificate renewed, or that certificate was revoked meanwhile. */
  NotRenewable: 'CERTIFICATE_NOT_RENEWABLE',
  /** A renewal at a station configured without the tokens' SO PIN. */
  SoPinUnavailable: 'SO_PIN_UNAVAILABLE',
} as const;

/** What a `UKEY_MODEL_MISMATCH` carries: the model the token reports and the one declared. */
export interface UkeyModelMismatchDetails {
  reported: string;
  declared: string;
}

/** The failure type of work no station picked up in time (the station is offline). */
export const STATION_UNREACHABLE = 'STATION_UNREACHABLE';

/** Why a station could not do what it was asked, as recorded and answered. */
export interface StationFailureReport {
  /**
   * A `StationFailure`, another type the station raised, `STATION_UNREACHABLE`, or null for a failure
   * without a type (a timeout while working, a crash).
   */
  type: string | null;
  message: string;
  /** The failure's details (e.g. `UkeyModelMismatchDetails`), or null. */
  details: Record<string, unknown> | null;
}

/** The station failure behind an activity's or a station workflow's failure (its causes are walked). */
export function stationFailureOf(err: unknown): StationFailureReport {
  let cause = err;
  while (
    cause instanceof Error &&
    !(cause instanceof ApplicationFailure) &&
    !(cause instanceof TimeoutFailure) &&
    cause.cause instanceof Error
  )
    cause = cause.cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (cause instanceof ApplicationFailure) {
    const details = cause.details?.[0];
    return {
      type: cause.type ?? null,
      message,
      details: details && typeof details === 'object' ? (details as Record<string, unknown>) : null,
    };
  }
  if (cause instanceof TimeoutFailure && cause.timeoutType === TimeoutType.SCHEDULE_TO_START)
    return { type: STATION_UNREACHABLE, message, details: null };
  return { type: null, message, details: null };
}

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

/** What renewing a UKey needs: as for making one, and the certificate it renews (on the same token). */
export interface RenewUKeyInput extends MakeUKeyInput {
  renewsSerial: string;
}

/** What a station answers for a UKey it renewed. */
export interface RenewedUKey {
  certificateSerial: string;
  notAfter: string;
}

/** What the order workflow asks of a station (implemented in activities/token-station.ts). */
export interface StationActivities {
  /** The tokens present now. */
  listTokens(): Promise<StationToken[]>;
  /**
   * Makes one UKey: key pair generated on the blank token (or the one a previous attempt left), request
   * signed on the token, certificate issued by the CA (once per item), written next to the key, PIN set
   * to the order's initial PIN, recorded done. Every step resumes after a crash; a refusal cleans up.
   */
  makeUKey(input: MakeUKeyInput): Promise<{ certificateSerial: string; notAfter: string }>;
  /**
   * Renews a UKey (续期): with the order's initial PIN set by the security officer, a new key pair beside the
   * old one, its certificate issued (once per item), written and verified on the token; then, in one
   * database step, the new certificate installed and the old one revoked as superseded; last the old key
   * pair and certificate removed. Every step resumes after a crash; the token always holds exactly one
   * usable certificate (installed, its key beside it).
   */
  renewUKey(input: RenewUKeyInput): Promise<RenewedUKey>;
  /** Removes what an unfinished item left on a token (best effort). */
  wipeKey(input: { tokenSerial: string; keyId: string }): Promise<number>;
  /** 获取锁信息 — the token's serial and the certificates on it (public objects: no PIN needed). */
  readToken(input: { tokenSerial: string }): Promise<TokenReading>;
}

/** What a token shows without a PIN. */
export interface TokenReading {
  serial: string;
  label: string;
  /** Certificates, base64 DER. */
  certificates: string[];
}

/** A request to a station, answered at once (station operations outside an order). */
export type StationRequest = { op: 'listTokens' } | { op: 'readToken'; tokenSerial: string };

/** Workflow type of a short request–response to a station. */
export const STATION_OPERATION_WORKFLOW = 'stationOperation';
/** The station operation workflow's signature (the answer's shape depends on the request). */
export type StationOperationWorkflow = (stationId: string, request: StationRequest) => Promise<unknown>;

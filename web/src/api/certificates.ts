/** Issued certificates (`/api/v1/ca/certificates`): the list, revocation with a reason code, the CRL. */
import { call } from './client';
import type { Submission } from './submission';
import type { Certificate, RevocationReason } from './types';

/** Every issued certificate (ca_admin, operators and admins see all). */
export const listCertificates = (signal?: AbortSignal) =>
  call<{ items: Certificate[] }>('GET', '/ca/certificates', { signal });

/** Revokes a certificate with a reason code (ca_admin); its binding ends at once. */
export const revokeCertificate = (
  serial: string,
  body: { reason: RevocationReason; note?: string },
  submission: Submission,
) =>
  call<{ serial: string; status: string; revokedAt: unknown }>(
    'POST',
    `/ca/certificates/${encodeURIComponent(serial)}/revoke`,
    { body, submission },
  );

/** Where the built-in CA's revocation list (DER) downloads from. */
export const CRL_URL = '/api/v1/ca/crl';

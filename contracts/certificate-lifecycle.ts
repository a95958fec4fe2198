/**
 * Contract of a certificate's lifetime, one workflow per issued certificate: reminders before expiry,
 * expiry at not-after, or an earlier end by revocation.
 */
import { defineSignal, defineUpdate } from '@temporalio/workflow';

/** Why a certificate was revoked (RFC 5280 reason codes the product uses). */
export type RevocationReason =
  'unspecified' | 'keyCompromise' | 'affiliationChanged' | 'superseded' | 'cessationOfOperation';

/** Workflow type name. */
export const LIFECYCLE_WORKFLOW = 'certificateLifecycle';

/** Workflow ID of a certificate's lifetime. */
export function lifecycleWorkflowId(serialHex: string): string {
  return `certificate-${serialHex}`;
}

/** Input of the lifecycle workflow. */
export interface LifecycleInput {
  serialHex: string;
  enterpriseId: string;
  orderId: string;
  notAfter: string;
  /** Days before not-after when the handler and the contact are reminded, e.g. [30, 7, 1]. */
  reminderDays: number[];
}

/** How a certificate's lifetime ended. */
export type LifecycleEnd = 'expired' | 'revoked';

/** The workflow's signature. */
export type LifecycleWorkflow = (input: LifecycleInput) => Promise<LifecycleEnd>;

/** A revocation: why, and who asked. */
export interface RevokeInput {
  reason: RevocationReason;
  actorId: string;
  note?: string;
}

/** Revoke the certificate now (ca_admin, or the enterprise reporting a lost or broken UKey). */
export const revokeUpdate = defineUpdate<{ revokedAt: string }, [RevokeInput]>('revoke');

/**
 * The certificate was superseded by a renewal of its UKey (already revoked in the records, reason
 * `superseded`): its lifetime ends without reminders; `by` is the new certificate's serial.
 */
export const supersededSignal = defineSignal<[{ by: string }]>('superseded');

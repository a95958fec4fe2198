/**
 * Contract of a certificate renewal (续期), one workflow per renewal order: the order's payment, review and
 * authorisation code as for a new order (the same Updates and query, contracts/certificate-order.ts), the
 * review skipped when the enterprise record is unchanged since the certificate was issued, and at the
 * station the same UKey renewed (a new key pair and certificate, the old one superseded).
 */
import type { OrderStatus } from '../domain/certificate-order';
import type { OrderInput } from './certificate-order';

/** Workflow type name (its workflow ID is the order's, `orderWorkflowId`). */
export const RENEWAL_WORKFLOW = 'certificateRenewal';

/** The certificate a renewal order renews, and what changed in the enterprise record since it was issued. */
export interface RenewalOf {
  certificateSerial: string;
  tokenSerial: string;
  ukeyModel: string;
  /** Fields of the approved enterprise record that differ from the renewed certificate's order; none: no review. */
  changedFields: string[];
}

/** Input of the renewal workflow: a one-UKey order, and what it renews. */
export interface RenewalInput extends OrderInput {
  renewal: RenewalOf;
}

/** The workflow's signature. */
export type RenewalWorkflow = (input: RenewalInput) => Promise<OrderStatus>;

/** True when an order's workflow input is a renewal's. */
export function isRenewal(input: OrderInput): input is RenewalInput {
  return 'renewal' in input;
}

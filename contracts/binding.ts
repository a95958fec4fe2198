/**
 * Contract of Process 4, CA-lock binding approval (guide part 四): the enterprise submits its pending
 * changes (add a lock, remove a lock); a binding administrator takes the phone call and approves or
 * rejects them, row by row.
 */
export const BINDING_WORKFLOW = 'bindingApproval';

/** ID of the `n`-th binding submission of an enterprise. */
export function bindingWorkflowId(enterpriseId: string, submission: number): string {
  return `binding-${enterpriseId}-${submission}`;
}

/** Input of the binding workflow. */
export interface BindingInput {
  enterpriseId: string;
  /** The change rows submitted together. */
  changeIds: string[];
  reviewDueMs: number;
  escalateAfterMs: number;
  escalationRole: 'supervisor';
}

/** How it ended: rows approved and rows rejected (with the reason). */
export interface BindingOutcome {
  approved: string[];
  rejected: Record<string, string>;
}

/** The workflow's signature. */
export type BindingWorkflow = (input: BindingInput) => Promise<BindingOutcome>;

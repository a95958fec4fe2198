/** How secrets travel through workflows: as opaque references to the sealed secret store, never in clear. */

/** An opaque reference to a stored secret; safe to put in workflow history. */
export interface SecretRef {
  secretRef: string;
}

/** Roles of the product: the actors of DOMAIN.md plus `supervisor` (escalations) and `admin`. */
export const ROLES = [
  'applicant',
  'handler',
  'registration_reviewer',
  'ca_admin',
  'finance',
  'binding_admin',
  'supervisor',
  'operator',
  'admin',
] as const;

/** One role of the product. */
export type Role = (typeof ROLES)[number];

/** Roles that only staff may hold (an enterprise account never carries them). */
export const STAFF_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'applicant' && r !== 'handler');

/** True when `value` names a role of the product. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** True when `holder` holds one of `roles`. */
export function hasRole(holder: { roles: readonly string[] } | null, ...roles: Role[]): boolean {
  return !!holder && roles.some((r) => holder.roles.includes(r));
}

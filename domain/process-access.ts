/**
 * Who may read and who may comment on which process — the one rule every route applies. The
 * enterprise whose case it is; the staff roles the process names (they work on it or comment on it,
 * as its workflow's `commentRoles` say); the roles of its tasks (and the role a task was escalated to);
 * whoever holds or decided one of its tasks; and, for reading only, the overseers.
 */
import { hasRole, type Role } from './roles';

/** Roles that see every process (and every task) but take no part in one. */
export const OVERSEER_ROLES: readonly Role[] = ['operator', 'admin'];

/** Staff roles that work on each process type, beyond its tasks' roles (mirrors the workflows' `commentRoles`). */
export const PROCESS_ROLES: Readonly<Record<string, readonly Role[]>> = {
  registration: ['registration_reviewer', 'supervisor'],
  'certificate-order': ['ca_admin', 'finance'],
  'ca-binding': ['binding_admin'],
  'certificate-lifecycle': ['ca_admin'],
  'enterprise-change': ['registration_reviewer', 'supervisor'],
};

/** The person asking, as the access rule needs them. */
export interface Asker {
  id: string;
  roles: readonly string[];
  enterpriseId: string | null;
}

/** A process, as the access rule needs it. */
export interface ProcessFacts {
  type: string;
  enterpriseId: string | null;
}

/** A task of the process, as the access rule needs it (`escalationRole` only once escalated). */
export interface ProcessTaskFacts {
  candidateRole: string;
  escalationRole: string | null;
  assigneeId: string | null;
  completedBy: string | null;
}

/** What a person may do with a process: comment (and read), read only, or nothing. */
export type ProcessEntitlement = 'comment' | 'read' | null;

/** Staff roles that read a process type's records and files (its own roles and the overseers). */
export function staffReadersOf(processType: string): Role[] {
  return [...(PROCESS_ROLES[processType] ?? []), ...OVERSEER_ROLES];
}

/** True when `asker` belongs to the enterprise whose case the process is. */
export function isOwnerOf(asker: Asker, process: ProcessFacts): boolean {
  return process.enterpriseId !== null && asker.enterpriseId === process.enterpriseId;
}

/** What `asker` may do with the process, given its tasks. */
export function processEntitlement(
  asker: Asker,
  process: ProcessFacts,
  tasks: readonly ProcessTaskFacts[],
): ProcessEntitlement {
  if (isOwnerOf(asker, process)) return 'comment';
  const roles = new Set<string>(PROCESS_ROLES[process.type] ?? []);
  for (const task of tasks) {
    roles.add(task.candidateRole);
    if (task.escalationRole) roles.add(task.escalationRole);
  }
  if (asker.roles.some((r) => roles.has(r))) return 'comment';
  if (hasRole(asker, ...OVERSEER_ROLES)) return 'read';
  if (tasks.some((t) => t.assigneeId === asker.id || t.completedBy === asker.id)) return 'read';
  return null;
}

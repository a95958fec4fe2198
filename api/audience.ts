/**
 * Views by audience: staff see who acted; an applicant sees the department, never the reviewer (no staff
 * IDs, logins, names or assignees). Every view of a process an applicant can reach goes through here.
 */
import { hasRole, STAFF_ROLES } from '../domain/roles';
import type { CommentRow, TaskRow, UserRow } from '../platform/db/schema';
import { departmentLabel } from './business-events';
import { taskView } from './repos/tasks';
import type { Audience } from './timeline';

/** The audience a user belongs to: an enterprise's account (or one holding no staff role) is an applicant. */
export function audienceOf(user: Pick<UserRow, 'enterprise_id' | 'roles'>): Audience {
  return user.enterprise_id !== null || !hasRole(user, ...STAFF_ROLES) ? 'applicant' : 'staff';
}

/** A task of a process record for `audience`: for applicants without assignee, decider or the decision's form. */
export function processTaskView(t: TaskRow, audience: Audience) {
  const view = taskView(t);
  if (audience === 'staff') return view;
  return {
    ...view,
    assigneeId: null,
    decision: view.decision ? { ...view.decision, actor: null, fields: {} } : null,
  };
}

/** A row of the comment table for `audience`: applicants see the department, not the person. */
export function commentView(c: CommentRow, audience: Audience) {
  return {
    seq: c.seq,
    step: c.step,
    department: c.department,
    departmentLabel: departmentLabel(c.department),
    actor: audience === 'staff' ? { userId: c.actor_id, displayName: c.actor_name } : null,
    text: c.text,
    taskId: c.task_id,
    at: c.created_at.toISOString(),
  };
}

/** The one access rule of processes: who reads, who comments. */
import { processEntitlement, type Asker, type ProcessTaskFacts } from '../../domain/process-access';

const staff = (id: string, ...roles: string[]): Asker => ({ id, roles, enterpriseId: null });
const registration = { type: 'registration', enterpriseId: 'ent-a' };
const order = { type: 'certificate-order', enterpriseId: 'ent-a' };
const task = (t: Partial<ProcessTaskFacts>): ProcessTaskFacts => ({
  candidateRole: 'registration_reviewer',
  escalationRole: null,
  assigneeId: null,
  completedBy: null,
  ...t,
});

test('the enterprise whose case it is comments; another enterprise gets nothing', () => {
  expect(processEntitlement({ id: 'u1', roles: ['applicant'], enterpriseId: 'ent-a' }, registration, [])).toBe(
    'comment',
  );
  expect(processEntitlement({ id: 'u2', roles: ['applicant'], enterpriseId: 'ent-b' }, registration, [])).toBeNull();
});

test("the process's staff roles comment before any task opens: CA desk and finance on an order, supervisors on a registration", () => {
  expect(processEntitlement(staff('c', 'ca_admin'), order, [])).toBe('comment');
  expect(processEntitlement(staff('f', 'finance'), order, [])).toBe('comment');
  expect(processEntitlement(staff('s', 'supervisor'), registration, [])).toBe('comment');
  expect(processEntitlement(staff('b', 'binding_admin'), order, [])).toBeNull();
  expect(processEntitlement(staff('r', 'registration_reviewer'), order, [])).toBeNull();
});

test('a task escalated to a role lets it read and comment; a former decider and the overseers only read', () => {
  const escalated = [task({ candidateRole: 'ca_admin', escalationRole: 'supervisor' })];
  expect(processEntitlement(staff('s', 'supervisor'), order, escalated)).toBe('comment');
  expect(processEntitlement(staff('s', 'supervisor'), order, [task({ candidateRole: 'ca_admin' })])).toBeNull();
  expect(processEntitlement(staff('x', 'finance'), registration, [task({ completedBy: 'x' })])).toBe('read');
  expect(processEntitlement(staff('o', 'operator'), registration, [])).toBe('read');
  expect(processEntitlement(staff('a', 'admin'), order, [])).toBe('read');
});

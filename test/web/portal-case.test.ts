/**
 * "My case" composed from the existing reads, without a browser: which stage is in hand, the next
 * action, who holds it (the applicant, or the department whose task is open) and since when.
 */
import { composeCase, type CaseProcess, type CaseReads } from '../../web/src/portal/station/case';

const T0 = '2026-12-01T02:00:00.000Z';
const T1 = '2026-12-02T03:00:00.000Z';

/** A process record at `updatedAt`, with an open task for `role` since `openedAt` if given. */
const process = (updatedAt: string, task?: { role: string; openedAt: string }): CaseProcess => ({
  updatedAt,
  openTasks: task ? [{ candidateRole: task.role, openedAt: task.openedAt }] : [],
});

const approved: CaseReads['registration'] = { status: 'approved', submittedAt: T0 };

/** The reads with nothing but what `over` gives. */
const reads = (over: Partial<CaseReads>): CaseReads => ({
  registration: approved,
  registrationProcess: process(T0),
  order: null,
  orderProcess: null,
  bindings: [],
  bindingProcess: null,
  ...over,
});

const order = (status: string, more: Partial<NonNullable<CaseReads['order']>> = {}): CaseReads['order'] => ({
  id: 'o1',
  status,
  remaining: 2,
  payments: [],
  createdAt: T0,
  ...more,
});

const row = (review: string, active = false) => ({ active, review: { code: review, label: { zh: '', en: '' } } });

test('a registration in review is held by the trading centre, since its task opened', () => {
  const view = composeCase(
    reads({
      registration: { status: 'in_review', submittedAt: T0 },
      registrationProcess: process(T0, { role: 'registration_reviewer', openedAt: T1 }),
    }),
  );
  expect(view.stages).toEqual({
    registration: 'current',
    order: 'waiting',
    payment: 'waiting',
    review: 'waiting',
    ukeys: 'waiting',
    binding: 'waiting',
  });
  expect(view.next).toMatchObject({
    stage: 'registration',
    holder: { kind: 'department', name: { zh: '交易中心' } },
    since: T1,
  });
});

test('a returned registration is the applicant’s to correct, on the registration page', () => {
  const view = composeCase(
    reads({ registration: { status: 'returned', submittedAt: T0 }, registrationProcess: process(T1) }),
  );
  expect(view.next).toMatchObject({ holder: { kind: 'you' }, since: T1, to: '/portal/registration' });
  expect(view.next!.what.zh).toContain('补正');
});

test('approved with no order: ordering is next, for the applicant', () => {
  const view = composeCase(reads({}));
  expect(view.stages.registration).toBe('done');
  expect(view.next).toMatchObject({ stage: 'order', holder: { kind: 'you' }, to: '/portal/orders/new' });
});

test('a bank transfer waiting for finance is held by finance; an unpaid order otherwise is the applicant’s', () => {
  const transfer = composeCase(
    reads({
      order: order('unpaid', {
        payments: [
          { id: 'p', method: 'bank_transfer', amountFen: 60000, status: 'pending', reason: null, paidAt: null },
        ],
      }),
      orderProcess: process(T0, { role: 'finance', openedAt: T1 }),
    }),
  );
  expect(transfer.stages).toMatchObject({ order: 'done', payment: 'current' });
  expect(transfer.next).toMatchObject({
    stage: 'payment',
    holder: { kind: 'department', name: { zh: '财务' } },
    since: T1,
  });
  const unpaid = composeCase(reads({ order: order('unpaid'), orderProcess: process(T1) }));
  expect(unpaid.next).toMatchObject({ stage: 'payment', holder: { kind: 'you' }, since: T1, to: '/portal/orders/o1' });
});

test('materials in review are held by the CA vendor; an approved order’s UKeys are the applicant’s to make', () => {
  const review = composeCase(
    reads({ order: order('in_review'), orderProcess: process(T0, { role: 'ca_admin', openedAt: T1 }) }),
  );
  expect(review.next).toMatchObject({ stage: 'review', holder: { kind: 'department', name: { zh: 'CA 机构' } } });
  const making = composeCase(reads({ order: order('in_production', { remaining: 1 }), orderProcess: process(T1) }));
  expect(making.stages).toMatchObject({ review: 'done', ukeys: 'current', binding: 'waiting' });
  expect(making.next).toMatchObject({ stage: 'ukeys', to: '/portal/station/orders/o1' });
  expect(making.next!.what.zh).toBe('制作 UKey（剩余 1 个）');
});

test('after the UKeys: add, submit, then the binding review with the phone number; approved, nothing is next', () => {
  const completed = { order: order('completed', { remaining: 0 }), orderProcess: process(T0) };
  expect(composeCase(reads(completed)).next).toMatchObject({ stage: 'binding', holder: { kind: 'you' } });
  expect(composeCase(reads({ ...completed, bindings: [row('unsubmitted')] })).next!.what.zh).toBe('提交 CA 绑定信息');
  const pending = composeCase(
    reads({
      ...completed,
      bindings: [row('pending')],
      bindingProcess: process(T0, { role: 'binding_admin', openedAt: T1 }),
    }),
  );
  expect(pending.next).toMatchObject({ holder: { kind: 'department', name: { zh: '交易中心' } }, since: T1 });
  expect(pending.next!.what.zh).toContain('0579-88894332');
  const done = composeCase(reads({ ...completed, bindings: [row('approved', true)] }));
  expect(done).toEqual({
    stages: { registration: 'done', order: 'done', payment: 'done', review: 'done', ukeys: 'done', binding: 'done' },
    next: null,
  });
});

/**
 * The human-task rules (domain/task-rules.ts, with the constants of domain/tasks.ts) as pure functions:
 * who may act on a task, and what a decision must carry. The workflow's validators and the API both call
 * them, so each rule is checked here once, without Temporal or a database.
 */
import type { Actor, TaskFormField } from '../../contracts/tasks';
import { checkClaim, checkDecisionInput, checkEntitled, checkOpen, type TaskFacts } from '../../domain/task-rules';
import { MAX_COMMENT_LENGTH, TaskRejection } from '../../domain/tasks';

const NOW = Date.parse('2026-12-03T08:00:00Z');

const task = (more: Partial<TaskFacts> = {}): TaskFacts => ({
  status: 'open',
  candidateRole: 'finance',
  assigneeId: null,
  escalatedAt: null,
  escalationRole: 'supervisor',
  enterpriseId: 'ent-a',
  outcomes: ['confirm', 'reject'],
  commentRequiredFor: ['reject'],
  form: [],
  ...more,
});

const actor = (more: Partial<Actor> = {}): Actor => ({
  userId: 'u1',
  loginName: 'fin',
  displayName: '财务',
  roles: ['finance'],
  enterpriseId: null,
  department: '财务',
  ...more,
});

const field = (more: Partial<TaskFormField> & Pick<TaskFormField, 'name' | 'type'>): TaskFormField => ({
  label: { zh: '字段', en: 'Field' },
  requiredFor: [],
  ...more,
});

/** The [field, code] pairs of a decision's problems (empty when accepted). */
const problems = (facts: TaskFacts, input: Parameters<typeof checkDecisionInput>[1]) =>
  (checkDecisionInput(facts, input, NOW)?.fields ?? []).map((f) => [f.field, f.code]);

describe('checkOpen', () => {
  test('a missing task is not found', () => {
    expect(checkOpen(undefined)?.type).toBe(TaskRejection.NotFound);
  });

  test('an open task may be acted on', () => {
    expect(checkOpen(task())).toBeNull();
  });

  test('a completed task is not open', () => {
    expect(checkOpen(task({ status: 'completed' }))).toMatchObject({
      type: TaskRejection.NotOpen,
      message: { en: 'The task is completed and cannot be acted on' },
    });
  });

  test('a task the process cancelled with a reason is refused with that reason', () => {
    const reason = { zh: '订单已在线支付', en: 'the order was paid online' };
    expect(checkOpen(task({ status: 'cancelled', closedReason: reason }))).toMatchObject({
      type: TaskRejection.NotOpen,
      message: { zh: expect.stringContaining(reason.zh), en: expect.stringContaining(reason.en) },
    });
  });
});

describe('checkEntitled', () => {
  test('a holder of the candidate role may decide', () => {
    expect(checkEntitled(task(), actor())).toBeNull();
  });

  test('someone without the role may not', () => {
    expect(checkEntitled(task(), actor({ roles: ['ca_admin'] }))?.type).toBe(TaskRejection.NotEntitled);
  });

  test('nobody decides a case of their own enterprise', () => {
    expect(checkEntitled(task(), actor({ enterpriseId: 'ent-a' }))?.type).toBe(TaskRejection.NotEntitled);
  });

  test('the escalation role may decide only once the task is escalated', () => {
    const chief = actor({ roles: ['supervisor'] });
    expect(checkEntitled(task(), chief)?.type).toBe(TaskRejection.NotEntitled);
    expect(checkEntitled(task({ escalatedAt: '2026-12-01T00:00:00Z' }), chief)).toBeNull();
  });

  test('a task assigned to someone else is theirs', () => {
    expect(checkEntitled(task({ assigneeId: 'u2' }), actor())?.type).toBe(TaskRejection.NotEntitled);
    expect(checkEntitled(task({ assigneeId: 'u1' }), actor())).toBeNull();
  });

  test('four eyes: who decided another task of the group may not decide this one', () => {
    const grouped = task({ fourEyesGroup: 'round-1' });
    expect(checkEntitled(grouped, actor(), ['u1'])?.type).toBe(TaskRejection.NotEntitled);
    expect(checkEntitled(grouped, actor(), ['u2'])).toBeNull();
  });
});

describe('checkClaim', () => {
  test('an entitled person claims a task nobody holds', () => {
    expect(checkClaim(task(), actor())).toBeNull();
  });

  test('a task someone else holds cannot be claimed', () => {
    expect(checkClaim(task({ assigneeId: 'u2' }), actor({ roles: ['finance', 'supervisor'] }))?.type).toBe(
      TaskRejection.NotEntitled,
    );
  });
});

describe('checkDecisionInput', () => {
  test('an outcome the task does not offer is refused, naming the outcome', () => {
    const r = checkDecisionInput(task(), { outcome: 'approve' }, NOW);
    expect(r?.type).toBe(TaskRejection.OutcomeNotAllowed);
    expect(r?.fields?.map((f) => [f.field, f.code])).toEqual([['outcome', 'not_allowed']]);
  });

  test('an outcome that needs a comment is refused without one', () => {
    expect(problems(task(), { outcome: 'reject', comment: '  ' })).toEqual([['comment', 'required']]);
  });

  test('a comment longer than the limit is refused', () => {
    expect(problems(task(), { outcome: 'confirm', comment: 'x'.repeat(MAX_COMMENT_LENGTH + 1) })).toEqual([
      ['comment', 'too_long'],
    ]);
  });

  test('a field the task does not have is refused', () => {
    expect(problems(task(), { outcome: 'confirm', fields: { extra: 1 } })).toEqual([['fields.extra', 'unknown']]);
  });

  test('a field required for the outcome must be filled', () => {
    const facts = task({ form: [field({ name: 'receivedFen', type: 'fen', requiredFor: ['confirm'] })] });
    expect(problems(facts, { outcome: 'confirm', fields: {} })).toEqual([['fields.receivedFen', 'required']]);
    expect(problems(facts, { outcome: 'reject', comment: '未到账', fields: {} })).toEqual([]);
  });

  test('a fen amount is a whole, non-negative number', () => {
    const facts = task({ form: [field({ name: 'receivedFen', type: 'fen' })] });
    for (const bad of ['abc', 199.5, -1])
      expect(problems(facts, { outcome: 'confirm', fields: { receivedFen: bad } })).toEqual([
        ['fields.receivedFen', 'invalid'],
      ]);
    expect(problems(facts, { outcome: 'confirm', fields: { receivedFen: ' 60000 ' } })).toEqual([]);
  });

  test('a fen amount with an expected value must equal it for the outcomes that require it', () => {
    const facts = task({
      form: [field({ name: 'receivedFen', type: 'fen', requiredFor: ['confirm'], expectedFen: 60000 })],
    });
    expect(problems(facts, { outcome: 'confirm', fields: { receivedFen: '59999' } })).toEqual([
      ['fields.receivedFen', 'amount_mismatch'],
    ]);
    expect(problems(facts, { outcome: 'confirm', fields: { receivedFen: 60000 } })).toEqual([]);
    expect(problems(facts, { outcome: 'reject', comment: '少付', fields: { receivedFen: '59999' } })).toEqual([]);
  });

  test('a choice must be one of the choices', () => {
    const facts = task({ form: [field({ name: 'result', type: 'choice', choices: ['reached', 'no_answer'] })] });
    expect(problems(facts, { outcome: 'confirm', fields: { result: 'maybe' } })).toEqual([
      ['fields.result', 'not_allowed'],
    ]);
  });

  test('a list holds strings, each one offered', () => {
    const facts = task({ form: [field({ name: 'marked', type: 'list', choices: ['name', 'address'] })] });
    expect(problems(facts, { outcome: 'confirm', fields: { marked: [1] } })).toEqual([['fields.marked', 'invalid']]);
    expect(problems(facts, { outcome: 'confirm', fields: { marked: ['phone'] } })).toEqual([
      ['fields.marked', 'not_allowed'],
    ]);
  });

  test('reasons name each wrong entry by its own path', () => {
    const facts = task({ form: [field({ name: 'documentReasons', type: 'reasons', choices: ['handler_id'] })] });
    expect(
      problems(facts, { outcome: 'confirm', fields: { documentReasons: { passport: '无', handler_id: ' ' } } }),
    ).toEqual([
      ['fields.documentReasons.passport', 'not_allowed'],
      ['fields.documentReasons.handler_id', 'invalid'],
    ]);
  });

  test('reasons of a list are given only for the items chosen in that list', () => {
    const facts = task({
      form: [
        field({ name: 'marked', type: 'list', choices: ['name', 'address'] }),
        field({ name: 'why', type: 'reasons', choices: ['name', 'address'], reasonsOf: 'marked' }),
      ],
    });
    expect(problems(facts, { outcome: 'confirm', fields: { marked: ['name'], why: { name: '与执照不符' } } })).toEqual(
      [],
    );
    expect(problems(facts, { outcome: 'confirm', fields: { marked: ['name'], why: { address: '不详' } } })).toEqual([
      ['fields.why.address', 'not_chosen'],
    ]);
    expect(problems(facts, { outcome: 'confirm', fields: { why: { name: '与执照不符' } } })).toEqual([
      ['fields.why.name', 'not_chosen'],
    ]);
  });

  test('a datetime has an offset, exists, and is not in the future when it records the past', () => {
    const facts = task({ form: [field({ name: 'calledAt', type: 'datetime', past: true })] });
    expect(problems(facts, { outcome: 'confirm', fields: { calledAt: '2026-12-03 08:00' } })).toEqual([
      ['fields.calledAt', 'invalid'],
    ]);
    expect(problems(facts, { outcome: 'confirm', fields: { calledAt: '2026-02-30T08:00:00+08:00' } })).toEqual([
      ['fields.calledAt', 'invalid'],
    ]);
    expect(problems(facts, { outcome: 'confirm', fields: { calledAt: '2026-12-04T08:00:00Z' } })).toEqual([
      ['fields.calledAt', 'future'],
    ]);
    expect(problems(facts, { outcome: 'confirm', fields: { calledAt: '2026-12-03T15:30:00+08:00' } })).toEqual([]);
  });

  test('a phone number has only digits and phone punctuation', () => {
    const facts = task({ form: [field({ name: 'phone', type: 'phone' })] });
    expect(problems(facts, { outcome: 'confirm', fields: { phone: 'call me' } })).toEqual([
      ['fields.phone', 'invalid'],
    ]);
    expect(problems(facts, { outcome: 'confirm', fields: { phone: '0579-88894332' } })).toEqual([]);
  });

  test('a text field holds text', () => {
    const facts = task({ form: [field({ name: 'note', type: 'text' })] });
    expect(problems(facts, { outcome: 'confirm', fields: { note: 42 } })).toEqual([['fields.note', 'invalid']]);
  });

  test('a text whose format follows another field’s choice matches that choice’s pattern', () => {
    const formats = {
      sf_express: { pattern: '^SF\\d{13}$', hint: { zh: 'SF 加 13 位数字', en: 'SF and 13 digits' } },
    };
    const facts = task({
      form: [
        field({ name: 'carrier', type: 'choice', choices: ['sf_express', 'other'] }),
        field({ name: 'trackingNo', type: 'text', formatBy: { field: 'carrier', formats } }),
      ],
    });
    const decided = (carrier: string, trackingNo: string) =>
      problems(facts, { outcome: 'confirm', fields: { carrier, trackingNo } });
    expect(decided('sf_express', 'SF12345')).toEqual([['fields.trackingNo', 'format']]);
    expect(decided('sf_express', ' SF1234567890123 ')).toEqual([]);
    // A choice with no format of its own takes any text.
    expect(decided('other', 'anything')).toEqual([]);
  });
});

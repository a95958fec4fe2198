/** The labels a task's outcomes and choices carry to the console. */
import { MARKABLE } from '../../domain/registration';
import { choiceLabel, outcomeOptions } from '../../domain/task-labels';

test('outcomes carry bilingual labels, and a rejection is flagged as danger', () => {
  expect(outcomeOptions(['approve', 'return', 'reject'])).toEqual([
    { code: 'approve', label: { zh: '通过', en: 'Approve' }, danger: false },
    { code: 'return', label: { zh: '退回修改', en: 'Return for correction' }, danger: false },
    { code: 'reject', label: { zh: '不通过', en: 'Reject' }, danger: true },
  ]);
});

test('an outcome the console does not know reads as its code', () => {
  expect(outcomeOptions(['escalate'])).toEqual([
    { code: 'escalate', label: { zh: 'escalate', en: 'escalate' }, danger: false },
  ]);
});

test('every field or attachment a reviewer may mark has a label of its own', () => {
  for (const code of MARKABLE) {
    const label = choiceLabel(code);
    expect({ code, same: label.zh === code || label.en === code }).toEqual({ code, same: false });
  }
  expect(choiceLabel('enterprise.creditCode')).toEqual({ zh: '统一社会信用代码', en: 'Unified social credit code' });
  expect(choiceLabel('attachments.business_license').zh).toBe('营业执照（原件扫描件）');
});

test('order material kinds are labelled, and an unknown choice (a change ID) reads as itself', () => {
  expect(choiceLabel('handler_id')).toEqual({ zh: '经办人身份证', en: 'Handler’s ID card' });
  expect(choiceLabel('chg-42')).toEqual({ zh: 'chg-42', en: 'chg-42' });
});

/** The business events the timeline shows, in Chinese and English, for each process. */
import {
  activityEvent,
  decisionEvent,
  departmentLabel,
  startedEvent,
  taskOpenedEvent,
  updateEvent,
} from '../../api/business-events';
import { REGISTRATION_STEPS } from '../../contracts/registration';

test('each process starts with its own event', () => {
  expect(startedEvent('registrationReview')).toEqual({ zh: '提交申请', en: 'Application submitted' });
  expect(startedEvent('certificateOrder')).toEqual({ zh: '下单', en: 'Order placed' });
  expect(startedEvent('bindingApproval').en).toBe('CA-lock binding submitted');
  expect(startedEvent('certificateLifecycle').en).toBe('Certificate in use');
});

test('decisions read as the business outcome of their step', () => {
  expect(decisionEvent('registration.review', REGISTRATION_STEPS.first, 'approve')).toEqual({
    zh: '初审通过',
    en: 'First review approved',
  });
  expect(decisionEvent('registration.review', REGISTRATION_STEPS.second, 'approve').zh).toBe('复审通过');
  expect(decisionEvent('registration.review', REGISTRATION_STEPS.second, 'return')).toEqual({
    zh: '退回修改',
    en: 'Returned for correction',
  });
  expect(decisionEvent('registration.phone_review', REGISTRATION_STEPS.phone, 'reject').en).toBe(
    'Application rejected',
  );
  expect(decisionEvent('order.review', '材料审核', 'reject').en).toBe('Materials returned for correction');
  expect(decisionEvent('order.bank_transfer', '财务确认汇款', 'confirm').zh).toBe('汇款已确认');
  expect(decisionEvent('binding.review', 'CA锁绑定审核', 'approve').en).toBe('CA-lock binding approved');
});

test('tasks name the department, never a person; mechanics are no business event', () => {
  expect(taskOpenedEvent(REGISTRATION_STEPS.first, '交易中心')).toEqual({
    zh: '企业审核人1审核（交易中心）',
    en: 'Trading centre: first review',
  });
  expect(departmentLabel('CA 机构')).toEqual({ zh: 'CA 机构', en: 'CA vendor' });
  expect(departmentLabel(null)).toEqual({ zh: '工作人员', en: 'Staff' });
  expect(activityEvent('issueAuthCode')).toEqual({
    kind: 'auth_code_sent',
    label: { zh: '制证授权码已发送', en: 'Authorisation code sent' },
  });
  expect(activityEvent('recordRegistrationStatus')).toBeNull();
  expect(updateEvent('revoke')).toEqual({ zh: '证书吊销', en: 'Certificate revoked' });
  expect(updateEvent('someInternalUpdate')).toBeNull();
});

test('the delivery of the UKeys reads as dispatched or set aside, then received (by itself after the set days)', () => {
  expect(taskOpenedEvent('发货', 'CA 机构')).toEqual({ zh: '发货（CA 机构）', en: 'CA vendor: dispatch of the UKeys' });
  expect(decisionEvent('order.dispatch', '发货', 'dispatch')).toEqual({ zh: 'UKey 已发货', en: 'UKeys dispatched' });
  expect(decisionEvent('order.dispatch', '发货', 'pickup')).toEqual({
    zh: 'UKey 待自取',
    en: 'UKeys ready for pickup',
  });
  expect(updateEvent('confirmReceipt')).toEqual({ zh: '已签收', en: 'Receipt confirmed' });
  expect(activityEvent('confirmReceiptAutomatically')).toEqual({
    kind: 'receipt_confirmed_automatically',
    label: { zh: '已签收（自动签收）', en: 'Receipt confirmed automatically' },
  });
});

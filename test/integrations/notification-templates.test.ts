/**
 * The notification template registry (integrations/notifications/templates): every process's texts are
 * registered by the registry itself, not as a side effect of importing the process's code.
 */
import { productTemplates, templateRegistry } from '../../integrations/notifications/templates';

test('every process’s templates render from the registry alone, none of the processes’ code imported', () => {
  const params = { title: '初审', loginName: 'ent_one', handlerName: '陈沁', authCode: 'K7M2PQ', reason: '资料不全' };
  for (const name of [
    'task.reminder',
    'account.activation',
    'registration.approved',
    'order.auth_code',
    'binding.decided',
    'certificate.expiring',
    'auth.sign_in_code',
  ]) {
    const rendered = productTemplates.render(name, params);
    expect(rendered.sms).not.toBe('');
    expect(rendered.subject).not.toBe('');
  }
  expect(productTemplates.render('order.auth_code', params).sms).toContain('K7M2PQ');
});

test('a template name defined twice is refused when the registry is built', () => {
  const text = () => ({ sms: 'x', subject: 'x', email: 'x' });
  expect(() => templateRegistry({ 'task.reminder': text }, { 'task.reminder': text })).toThrow(/defined twice/);
});

test('an unknown template is refused', () => {
  expect(() => productTemplates.render('order.unknown', {})).toThrow(/unknown notification template "order.unknown"/);
});

test('a return names the marked fields as the applicant reads them, and ends each sentence once', () => {
  const returned = productTemplates.render('registration.returned', {
    reason: '信用代码与执照不一致。',
    fields: 'enterprise.creditCode、attachments.business_license',
  });
  expect(returned.sms).toBe(
    '您的企业注册资料已被退回补正：信用代码与执照不一致。需补正：统一社会信用代码、营业执照（原件扫描件）。请登录系统修改后重新提交。',
  );
  expect(returned.email).toContain('To correct: Unified social credit code; Business licence (scan of the original)');
  // A reason without its own full stop gets one; an unknown code reads as itself.
  const change = productTemplates.render('enterprise_change.returned', {
    reason: '请核对地址',
    fields: 'enterprise.address、x.y',
  });
  expect(change.sms).toContain('退回补正：请核对地址。需补正：企业地址、x.y。');
  expect(productTemplates.render('registration.rejected', { reason: '重复注册！' }).sms).toContain(
    '：重复注册！如有疑问',
  );
});

test('refused order materials are named by kind, in Chinese and in English', () => {
  const refused = productTemplates.render('order.materials_rejected', {
    orderNo: 'CA20261203001',
    reason: '材料不清晰',
    documents: 'business_license：扫描件模糊；handler_id：已过期',
  });
  expect(refused.sms).not.toMatch(/business_license|handler_id|。。/);
  expect(refused.sms).toContain('已过期。请更换材料后重新提交。');
  expect(refused.email).not.toMatch(/business_license|handler_id/);
});

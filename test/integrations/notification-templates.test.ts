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

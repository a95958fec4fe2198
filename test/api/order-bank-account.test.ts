/**
 * 银行汇款 — GET /api/v1/payments/bank-account: the vendor's account (户名, 开户行, 账号) from the
 * configuration, for anyone signed in; refused to anyone signed out.
 */
import { registerApplicant } from '../support/enterprise';
import { startHarness, type Harness } from '../support/harness';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: {
      BANK_ACCOUNT_NAME: '测试收款公司',
      BANK_ACCOUNT_BANK: '测试银行金华支行',
      BANK_ACCOUNT_NUMBER: '6222000011112222',
    },
  });
});

afterAll(async () => {
  await h?.close();
});

test('a signed-in applicant reads the configured vendor account; signed out, 401', async () => {
  await h.staff('bank_admin', ['admin']);
  const applicant = await registerApplicant(h, await h.login('bank_admin'));
  const res = await h.http({ method: 'GET', url: '/api/v1/payments/bank-account', token: applicant.token });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toEqual({ name: '测试收款公司', bank: '测试银行金华支行', number: '6222000011112222' });
  const anonymous = await h.http({ method: 'GET', url: '/api/v1/payments/bank-account' });
  expect(anonymous.statusCode).toBe(401);
  expect(anonymous.json().error.message.zh).toBeTruthy();
});

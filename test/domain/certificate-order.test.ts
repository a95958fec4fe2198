/** Order rules that need no services. */
import { ukeyModelFits } from '../../domain/certificate-order';

test('a declared UKey model fits the reported one when one names the other, ignoring case, width and spacing', () => {
  expect(ukeyModelFits('龙脉 GM3000', 'GM3000')).toBe(true);
  expect(ukeyModelFits(' softhsm  V2 ', 'SoftHSM v2')).toBe(true);
  expect(ukeyModelFits('ＧＭ３０００', 'gm3000')).toBe(true);
  expect(ukeyModelFits('', 'SoftHSM v2')).toBe(true);
  expect(ukeyModelFits('龙脉 GM3000', 'SoftHSM v2')).toBe(false);
  expect(ukeyModelFits('GM3000', '')).toBe(false);
});

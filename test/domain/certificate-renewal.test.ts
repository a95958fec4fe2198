/** Renewal rules: renewable while in use and within the grace period after expiry, never once revoked; what changed. */
import { changedSinceIssue, renewalGraceEnds, renewalRefusal } from '../../domain/certificate-renewal';

const DAY = 86_400_000;
const now = new Date('2026-12-03T10:00:00Z');
const at = (days: number) => new Date(now.getTime() + days * DAY);

test('a certificate in use, or expired within the grace period, may be renewed', () => {
  expect(renewalRefusal({ status: 'installed', notAfter: at(20) }, now, 30)).toBeNull();
  expect(renewalRefusal({ status: 'expired', notAfter: at(-29) }, now, 30)).toBeNull();
  expect(renewalGraceEnds(at(-29), 30)).toEqual(at(1));
});

test('past the grace period, revoked, or not on its UKey, it may not, and the refusal names the field', () => {
  expect(renewalRefusal({ status: 'expired', notAfter: at(-31) }, now, 30)).toMatchObject({
    field: 'serial',
    code: 'grace_period_over',
    message: { zh: expect.stringContaining('重新下单'), en: expect.stringContaining('new order') },
  });
  // (still installed in the records a moment past not-after: the date decides)
  expect(renewalRefusal({ status: 'installed', notAfter: at(-31) }, now, 30)?.code).toBe('grace_period_over');
  expect(renewalRefusal({ status: 'expired', notAfter: at(-1) }, now, 0)?.code).toBe('grace_period_over');
  expect(renewalRefusal({ status: 'revoked', notAfter: at(100) }, now, 30)?.code).toBe('revoked');
  expect(renewalRefusal({ status: 'issued', notAfter: at(100) }, now, 30)?.code).toBe('not_installed');
});

test('the fields of the enterprise record that changed since the certificate was ordered', () => {
  const then = { name: '金华市某公司', creditCode: '91330702MA2HXXXX1A', legalRepresentativeName: '刘廷生' };
  expect(changedSinceIssue(then, { ...then, creditCode: ' 91330702ma2hxxxx1a ' })).toEqual([]);
  expect(changedSinceIssue(then, { ...then, name: '金华市新公司', legalRepresentativeName: '周新' })).toEqual([
    'organization.name',
    'legalRepresentative.name',
  ]);
});

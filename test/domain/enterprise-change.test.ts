/** The change-of-information rules: the registration's validators, something must change, a licence for a new name or credit code, outdated subjects. */
import { changeProblems, needsLicence, subjectOutdated } from '../../domain/enterprise-change';
import { validProfile } from '../support/enterprise';

const TODAY = '2026-12-03';
const approved = validProfile('金华市婺江建设工程有限公司');
const withEdit = (edit: (p: typeof approved) => void) => {
  const copy = structuredClone(approved);
  edit(copy);
  return copy;
};

test('a name or credit-code change needs a new business licence scan; other changes do not', () => {
  expect(needsLicence(['enterprise.name'])).toBe(true);
  expect(needsLicence(['enterprise.creditCode', 'contact.email'])).toBe(true);
  expect(needsLicence(['enterprise.address', 'contact.mobile'])).toBe(false);
  const renamed = withEdit((p) => (p.enterprise!.name = '金华市婺江建设集团有限公司'));
  expect(changeProblems(approved, renamed, { today: TODAY, evidenceKinds: ['other'] })).toEqual([
    expect.objectContaining({ field: 'attachments.business_license', code: 'licence_required' }),
  ]);
  expect(changeProblems(approved, renamed, { today: TODAY, evidenceKinds: ['business_license'] })).toEqual([]);
  const moved = withEdit((p) => (p.enterprise!.address = '金华市婺城区八一北街1号'));
  expect(changeProblems(approved, moved, { today: TODAY, evidenceKinds: [] })).toEqual([]);
});

test('the registration validators hold, and a copy that changes nothing is refused', () => {
  const bad = withEdit((p) => {
    const id = p.legalRepresentative!.idNumber!;
    p.legalRepresentative!.idNumber = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
    p.enterprise!.establishedOn = '2031-01-01';
  });
  expect(
    changeProblems(approved, bad, { today: TODAY, evidenceKinds: [] })
      .map((f) => f.field)
      .sort(),
  ).toEqual(['enterprise.establishedOn', 'legalRepresentative.idNumber']);
  expect(changeProblems(approved, structuredClone(approved), { today: TODAY, evidenceKinds: [] })).toEqual([
    expect.objectContaining({ field: 'profile', code: 'no_change' }),
  ]);
});

test('a subject naming the old name or credit code is outdated; width and spacing do not count', () => {
  const enterprise = { entityName: '金华市婺江建设集团有限公司', creditCode: '91330700MA2XXXX00X' };
  expect(
    subjectOutdated({ organizationName: '金华市婺江建设工程有限公司', creditCode: enterprise.creditCode }, enterprise),
  ).toBe(true);
  expect(
    subjectOutdated({ organizationName: enterprise.entityName, creditCode: '91330700MA2YYYY00Y' }, enterprise),
  ).toBe(true);
  expect(
    subjectOutdated({ organizationName: ' 金华市婺江建设集团有限公司', creditCode: enterprise.creditCode }, enterprise),
  ).toBe(false);
});

/**
 * Rules of the change of enterprise information (变更): a changed copy of the approved profile, held to
 * the registration's validators, with a new business licence scan when the name or the credit code
 * changes; and whether a certificate's subject still names the enterprise as it now is.
 */
import { changedFields, normaliseProfile, profileProblems, type RegistrationProfile } from './registration';
import { fieldProblem, type FieldProblem } from './text';
import { entityNameKey } from './validators';

/** Fields whose change needs a new business licence scan (and makes certificate subjects wrong). */
export const LICENCE_FIELDS = ['enterprise.name', 'enterprise.creditCode'] as const;

/** Evidence kinds a change request may carry (`attachments.<kind>` when marked for correction). */
export const CHANGE_EVIDENCE_KINDS = ['business_license', 'other'] as const;

/** At most this many `other` evidence files. */
export const MAX_OTHER_EVIDENCE = 5;

/** True when a change of these fields needs a new business licence scan. */
export function needsLicence(changed: readonly string[]): boolean {
  return changed.some((f) => (LICENCE_FIELDS as readonly string[]).includes(f));
}

/**
 * Everything wrong with a proposed profile against the approved one: the registration's rules (the name
 * may change here, so it is checked against itself), something must differ, and a name or credit-code
 * change must carry a new licence scan (`evidenceKinds`: kinds of the evidence files uploaded). `today` is
 * YYYY-MM-DD.
 */
export function changeProblems(
  approved: RegistrationProfile,
  proposed: RegistrationProfile,
  ctx: { today: string; evidenceKinds: readonly string[] },
): FieldProblem[] {
  const p = normaliseProfile(proposed);
  const problems = profileProblems(p, { entityName: p.enterprise?.name ?? '', today: ctx.today, complete: true });
  if (problems.length) return problems;
  const changed = changedFields(approved, p);
  if (!changed.length)
    return [
      fieldProblem(
        'profile',
        'no_change',
        '变更内容与已审核通过的资料相同',
        'nothing differs from the approved profile',
      ),
    ];
  if (needsLicence(changed) && !ctx.evidenceKinds.includes('business_license'))
    return [
      fieldProblem(
        'attachments.business_license',
        'licence_required',
        '变更企业名称或统一社会信用代码须上传新的营业执照扫描件',
        'a new business licence scan is required to change the name or the credit code',
      ),
    ];
  return [];
}

/** Whether a certificate's subject (organisation name, credit code) no longer names the enterprise. */
export function subjectOutdated(
  subject: { organizationName: string | null; creditCode: string | null },
  enterprise: { entityName: string; creditCode: string | null },
): boolean {
  const nameDiffers =
    subject.organizationName !== null &&
    entityNameKey(subject.organizationName) !== entityNameKey(enterprise.entityName);
  const codeDiffers =
    subject.creditCode !== null && enterprise.creditCode !== null && subject.creditCode !== enterprise.creditCode;
  return nameDiffers || codeDiffers;
}

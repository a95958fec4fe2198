/** The signed-in applicant's enterprise and its profile. Functions take `db` or a transaction. */
import type { RegistrationProfile } from '../../domain/registration';
import { msg } from '../../domain/text';
import type { Db } from '../../platform/db';
import type { EnterpriseRow, ProfileRow, UserRow } from '../../platform/db/schema';
import { conflict, forbidden } from '../errors';

/** The applicant behind a request with their enterprise and its profile. */
export interface ApplicantContext {
  user: UserRow;
  enterprise: EnterpriseRow;
  profile: ProfileRow;
}

const ENTERPRISE_ONLY = msg('仅企业账号可以操作', 'Only an enterprise account may do this');

/** The user's enterprise ID; 403 (`why`) for anyone who is not an enterprise account holder. */
function enterpriseIdOf(user: UserRow | null, why = ENTERPRISE_ONLY): string {
  if (!user || user.kind !== 'applicant' || !user.enterprise_id) throw forbidden(why);
  return user.enterprise_id;
}

/** Loads the applicant's enterprise and profile (`lock`: for update); 403 for anyone else. */
export async function applicantContext(db: Db, user: UserRow | null, lock = false): Promise<ApplicantContext> {
  const enterpriseId = enterpriseIdOf(user);
  const enterprise = await db
    .selectFrom('enterprises')
    .selectAll()
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow();
  let q = db.selectFrom('enterprise_profiles').selectAll().where('enterprise_id', '=', enterpriseId);
  if (lock) q = q.forUpdate();
  const profile = await q.executeTakeFirstOrThrow();
  return { user: user!, enterprise, profile };
}

/** The applicant's enterprise with its approved profile, to order certificates; 403 for others, 409 until approved. */
export async function approvedEnterprise(
  db: Db,
  user: UserRow | null,
): Promise<{ enterprise: EnterpriseRow; profile: RegistrationProfile }> {
  const enterpriseId = enterpriseIdOf(user, msg('仅企业账号可以下单', 'Only an enterprise account may order'));
  const enterprise = await db
    .selectFrom('enterprises')
    .selectAll()
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow();
  if (enterprise.status !== 'active' || !enterprise.approved_profile || !enterprise.credit_code) {
    throw conflict(
      'ENTERPRISE_NOT_ACTIVE',
      msg('企业注册尚未审核通过，暂不能申领证书', 'The enterprise registration is not approved yet'),
    );
  }
  return { enterprise, profile: (enterprise.approved_profile as { profile: RegistrationProfile }).profile };
}

/** The applicant's active enterprise, to change its CA bindings; 403 for others, 409 until approved. */
export async function activeEnterprise(
  db: Db,
  user: UserRow | null,
): Promise<Pick<EnterpriseRow, 'id' | 'status' | 'credit_code'>> {
  const enterpriseId = enterpriseIdOf(user);
  const enterprise = await db
    .selectFrom('enterprises')
    .select(['id', 'status', 'credit_code'])
    .where('id', '=', enterpriseId)
    .executeTakeFirstOrThrow();
  if (enterprise.status !== 'active')
    throw conflict(
      'ENTERPRISE_NOT_ACTIVE',
      msg('企业注册尚未审核通过', 'The enterprise registration is not approved yet'),
    );
  return enterprise;
}

/** The active enterprise holding a credit code, other than `exceptId`. */
export async function activeHolderOfCreditCode(
  db: Db,
  creditCode: string,
  exceptId: string,
): Promise<{ id: string } | undefined> {
  return db
    .selectFrom('enterprises')
    .select('id')
    .where('credit_code', '=', creditCode)
    .where('status', '=', 'active')
    .where('id', '<>', exceptId)
    .executeTakeFirst();
}

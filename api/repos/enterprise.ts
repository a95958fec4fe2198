/** The signed-in applicant's enterprise, profile and attachments. */
import type { FastifyRequest } from 'fastify';
import { msg } from '../../domain/text';
import type { Db } from '../../platform/db';
import type { AttachmentRow, EnterpriseRow, ProfileRow, UserRow } from '../../platform/db/schema';
import { forbidden } from '../errors';

/** The applicant behind a request with their enterprise and its profile. */
export interface ApplicantContext {
  user: UserRow;
  enterprise: EnterpriseRow;
  profile: ProfileRow;
}

/** Loads the applicant's enterprise and profile; 403 for anyone who is not an enterprise account holder. */
export async function applicantContext(db: Db, request: FastifyRequest, lock = false): Promise<ApplicantContext> {
  const user = request.user;
  if (!user || user.kind !== 'applicant' || !user.enterprise_id) {
    throw forbidden(msg('仅企业账号可以操作', 'Only an enterprise account may do this'));
  }
  const enterprise = await db
    .selectFrom('enterprises')
    .selectAll()
    .where('id', '=', user.enterprise_id)
    .executeTakeFirstOrThrow();
  let q = db.selectFrom('enterprise_profiles').selectAll().where('enterprise_id', '=', user.enterprise_id);
  if (lock) q = q.forUpdate();
  const profile = await q.executeTakeFirstOrThrow();
  return { user, enterprise, profile };
}

/** An attachment as the API shows it. */
export interface AttachmentView {
  id: string;
  kind: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  url: string;
}

/** The API view of an attachment row. */
export function attachmentView(
  a: Pick<AttachmentRow, 'id' | 'kind' | 'file_name' | 'content_type' | 'size_bytes' | 'sha256' | 'created_at'>,
): AttachmentView {
  return {
    id: a.id,
    kind: a.kind,
    fileName: a.file_name,
    contentType: a.content_type,
    size: a.size_bytes,
    sha256: a.sha256,
    uploadedAt: a.created_at.toISOString(),
    url: `/api/v1/attachments/${a.id}/content`,
  };
}

/** Current attachments of an owner (e.g. `registration`), oldest first. */
export async function currentAttachments(db: Db, enterpriseId: string, owner: string): Promise<AttachmentRow[]> {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .where('owner', '=', owner)
    .where('status', '=', 'current')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Today as YYYY-MM-DD in China Standard Time (the dates on licences and ID cards). */
export function todayInChina(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

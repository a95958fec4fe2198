/** Uploaded files: their records (current, replaced, deleted) and the stored bytes. Functions take `db` or a transaction. */
import { randomUUID } from 'node:crypto';
import { msg, fieldProblem } from '../../domain/text';
import type { Db } from '../../platform/db';
import type { AttachmentRow } from '../../platform/db/schema';
import type { FileStorage } from '../../platform/storage';
import { ApiError } from '../errors';
import type { AttachmentView } from '../schemas/attachments';
import type { Upload } from '../uploads';

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

/** Current attachments of an owner (e.g. `registration`, `order:<id>`), oldest first. */
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

/** A current attachment of an owner by ID (and kind, if given). */
export async function findCurrentAttachment(
  db: Db,
  where: { id: string; owner: string; enterpriseId?: string; kind?: string },
): Promise<AttachmentRow | undefined> {
  let q = db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', where.id)
    .where('owner', '=', where.owner)
    .where('status', '=', 'current');
  if (where.enterpriseId !== undefined) q = q.where('enterprise_id', '=', where.enterpriseId);
  if (where.kind !== undefined) q = q.where('kind', '=', where.kind);
  return q.executeTakeFirst();
}

/** Any attachment by ID, whatever its status (downloads of submitted versions). */
export async function findAttachment(db: Db, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Stores the file and records it; for a single-file kind the previous current file is marked replaced,
 * otherwise at most `maxOfKind` files of the kind are current (409 beyond).
 */
export async function saveAttachment(
  deps: { db: Db; storage: FileStorage },
  a: { enterpriseId: string; owner: string; upload: Upload; single: boolean; uploadedBy: string; maxOfKind?: number },
): Promise<AttachmentRow> {
  const sha256 = await deps.storage.put(a.upload.data);
  return deps.db.transaction().execute(async (trx) => {
    const same = trx
      .selectFrom('attachments')
      .select('id')
      .where('enterprise_id', '=', a.enterpriseId)
      .where('owner', '=', a.owner)
      .where('kind', '=', a.upload.kind)
      .where('status', '=', 'current');
    if (a.single) {
      await trx
        .updateTable('attachments')
        .set({ status: 'replaced', retired_at: new Date() })
        .where('id', 'in', same)
        .execute();
    } else if (a.maxOfKind !== undefined && (await same.execute()).length >= a.maxOfKind) {
      throw new ApiError(
        409,
        'TOO_MANY_FILES',
        msg(`该类附件最多 ${a.maxOfKind} 个`, `At most ${a.maxOfKind} files of this kind`),
        [fieldProblem('kind', 'too_many', '数量已达上限', 'limit reached')],
      );
    }
    return trx
      .insertInto('attachments')
      .values({
        id: randomUUID(),
        enterprise_id: a.enterpriseId,
        owner: a.owner,
        kind: a.upload.kind,
        file_name: a.upload.fileName,
        content_type: a.upload.contentType,
        size_bytes: a.upload.data.length,
        sha256,
        uploaded_by: a.uploadedBy,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** Marks an attachment deleted (the file stays, for the history of submitted versions). */
export async function retireAttachment(db: Db, id: string): Promise<void> {
  await db
    .updateTable('attachments')
    .set({ status: 'deleted', retired_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'current')
    .execute();
}

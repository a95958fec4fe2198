/** Uploads of scans (multipart): one file, its kind, type checked by content, stored by hash. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { msg, fieldProblem } from '../domain/text';
import type { Db } from '../platform/db';
import type { AttachmentRow } from '../platform/db/schema';
import { sniffContentType } from '../platform/storage';
import { ApiError, invalid } from './errors';

/** A file read from a multipart request. */
export interface Upload {
  kind: string;
  fileName: string;
  data: Buffer;
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
}

/** Reads the one file of a multipart request and its `kind` (form field or `?kind=`), checking kind and content. */
export async function readUpload(request: FastifyRequest, kinds: readonly string[]): Promise<Upload> {
  if (!request.isMultipart()) {
    throw new ApiError(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      msg('请以 multipart/form-data 上传文件', 'Upload the file as multipart/form-data'),
      [fieldProblem('file', 'required', '请选择文件', 'a file is required')],
    );
  }
  // Every part is read, so a second file is refused rather than silently dropped (the limit is one file).
  let file: { filename: string; data: Buffer } | null = null;
  let fieldKind: string | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') file = { filename: part.filename, data: await part.toBuffer() };
      else if (part.fieldname === 'kind') fieldKind = String(part.value);
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT')
      throw invalid([fieldProblem('file', 'too_many', '一次只能上传一个文件', 'upload one file at a time')]);
    throw err;
  }
  if (!file) throw invalid([fieldProblem('file', 'required', '请选择文件', 'a file is required')]);
  const { data } = file;
  const kind = String(fieldKind ?? (request.query as { kind?: string }).kind ?? '');
  const problems = [];
  if (!kinds.includes(kind))
    problems.push(
      fieldProblem('kind', 'enum', `附件类型应为：${kinds.join('、')}`, `must be one of: ${kinds.join(', ')}`),
    );
  const contentType = sniffContentType(data);
  if (data.length === 0) problems.push(fieldProblem('file', 'empty', '文件为空', 'the file is empty'));
  else if (!contentType)
    problems.push(
      fieldProblem(
        'file',
        'type',
        '仅接受 JPEG、PNG 或 PDF 格式的扫描件',
        'only JPEG, PNG or PDF scans are accepted (judged by content)',
      ),
    );
  if (problems.length) throw invalid(problems);
  const fileName = (file.filename || `${kind}`).replace(/[\\/\r\n"\u0000]/g, '_').slice(0, 200);
  return { kind, fileName, data, contentType: contentType! };
}

/** Stores the file and records it; for a single-file kind the previous current file is marked replaced. */
export async function saveAttachment(
  app: FastifyInstance,
  a: { enterpriseId: string; owner: string; upload: Upload; single: boolean; uploadedBy: string; maxOfKind?: number },
): Promise<AttachmentRow> {
  const sha256 = await app.storage.put(a.upload.data);
  return app.db.transaction().execute(async (trx) => {
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

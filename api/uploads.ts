/** Reading an upload of a scan (multipart): one file and its kind, its type checked by content. */
import type { FastifyRequest } from 'fastify';
import { msg, fieldProblem } from '../domain/text';
import { scanProblems } from '../integrations/documents/scan-check';
import { sniffContentType } from '../platform/storage';
import { ApiError, invalid } from './errors';

/** A file read from a multipart request. */
export interface Upload {
  kind: string;
  fileName: string;
  data: Buffer;
  contentType: 'image/jpeg' | 'image/png' | 'application/pdf';
}

/** What the multipart parser (busboy) says of a body it cannot read. */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|Malformed part header|Unexpected end of (form|multipart data)|\w+ terminated early)/;

/** The `boundary` parameter of a multipart Content-Type, or null when it is missing, empty or over 70 characters (RFC 2046). */
function multipartBoundary(contentType: string | undefined): string | null {
  const match = /;\s*boundary\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(contentType ?? '');
  const boundary = match?.[1] || match?.[2] || null;
  return boundary && boundary.length <= 70 ? boundary : null;
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
  if (!multipartBoundary(request.headers['content-type']))
    throw invalid([
      fieldProblem(
        'content-type',
        'boundary',
        'multipart/form-data 需要 1 至 70 个字符的 boundary 参数',
        'multipart/form-data needs a boundary parameter of 1 to 70 characters',
      ),
    ]);
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
    if (err instanceof Error && MALFORMED_MULTIPART.test(err.message))
      throw invalid([fieldProblem('file', 'malformed', '上传内容格式不正确', 'the multipart body is malformed')]);
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
  else problems.push(...(await scanProblems(data, contentType)));
  if (problems.length) throw invalid(problems);
  const fileName = (file.filename || `${kind}`).replace(/[\\/\r\n"\u0000]/g, '_').slice(0, 200);
  return { kind, fileName, data, contentType: contentType! };
}

/**
 * Errors a caller sees: `{ error: { code, message: { zh, en }, fields?: [{ field, code, message }] } }`.
 * Routes throw `ApiError`; the error handler (plugins/error-handler.ts) renders everything else.
 */
import type { ErrorObject } from 'ajv';
import { msg, type Bilingual, type FieldProblem } from '../domain/text';
import type { ErrorBody } from './schemas/common';

/** An error with an HTTP status, a stable code and a bilingual message. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly fields?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(bilingual.en);
    this.name = 'ApiError';
  }

  /** The response body. */
  body(): ErrorBody {
    return {
      error: { code: this.code, message: this.bilingual, ...(this.fields?.length ? { fields: this.fields } : {}) },
    };
  }
}

/** 400: input failed validation; `fields` names each problem. */
export function invalid(
  fields: FieldProblem[],
  message = msg('提交的信息有误，请检查标出的字段', 'Some fields are invalid; see fields'),
): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', message, fields);
}

/** 404 for a resource that does not exist or is not visible to the caller. */
export function notFound(what: Bilingual = msg('资源不存在', 'Not found')): ApiError {
  return new ApiError(404, 'NOT_FOUND', what);
}

/** 403 for a caller who may not do this. */
export function forbidden(why: Bilingual = msg('无权执行此操作', 'You are not allowed to do this')): ApiError {
  return new ApiError(403, 'FORBIDDEN', why);
}

/** 409 for a request that conflicts with the current state. */
export function conflict(code: string, why: Bilingual, fields?: FieldProblem[]): ApiError {
  return new ApiError(409, code, why, fields);
}

/** Turns an AJV path (`/a/b/0/c`) and error into the JSON path of the offending field. */
function fieldPath(error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : null;
  if (extra) segments.push(extra);
  let path = '';
  for (const segment of segments)
    path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  return path;
}

/** How deeply a request's JSON may nest; deeper input is refused before anything walks it. */
export const MAX_NESTING = 64;

/** What `inputProblem` finds wrong with a request part: a NUL character or nesting deeper than `MAX_NESTING`, at `path`. */
export interface InputProblem {
  kind: 'nul_character' | 'too_deep';
  path: string;
}

/**
 * The first problem no route can accept in `value` (walked without recursion, so any depth is safe):
 * a string holding a NUL character (PostgreSQL text cannot) or nesting deeper than `MAX_NESTING`; or null.
 */
export function inputProblem(value: unknown): InputProblem | null {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (pending.length) {
    const { value: item, path, depth } = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { kind: 'nul_character', path };
      continue;
    }
    if (!item || typeof item !== 'object' || Buffer.isBuffer(item)) continue;
    if (depth >= MAX_NESTING) return { kind: 'too_deep', path };
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(item))
      item.forEach((v, i) => children.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
    else
      for (const [k, v] of Object.entries(item)) {
        const at = path ? `${path}.${k}` : k;
        children.push({ value: k, path: at, depth: depth + 1 }, { value: v, path: at, depth: depth + 1 });
      }
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return null;
}

const TYPE_ZH: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '布尔值',
  object: '对象',
  array: '列表',
  null: '空',
};

/** Keywords whose failure a field's `x-message` (its rule in words) explains better than a generic text. */
const RULE_KEYWORDS = new Set(['pattern', 'format', 'minLength', 'maxLength', 'enum']);

/** Bilingual wording for an AJV error. */
function wording(error: ErrorObject): Bilingual {
  const own = (error.parentSchema as { 'x-message'?: Bilingual } | undefined)?.['x-message'];
  if (own && RULE_KEYWORDS.has(error.keyword)) return own;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return msg('必填', 'is required');
    case 'type':
      return msg(
        `应为${TYPE_ZH[String(params.type)] ?? String(params.type)}`,
        `must be of type ${String(params.type)}`,
      );
    case 'minLength':
      return Number(params.limit) === 1
        ? msg('不能为空', 'must not be empty')
        : msg(`长度不能少于 ${params.limit} 个字符`, `must have at least ${params.limit} characters`);
    case 'maxLength':
      return msg(`长度不能超过 ${params.limit} 个字符`, `must have at most ${params.limit} characters`);
    case 'pattern':
      return msg('格式不正确', 'has an invalid format');
    case 'format':
      return params.format === 'email'
        ? msg('不是有效的电子邮箱', 'must be a valid email address')
        : msg(`格式不正确（${params.format}）`, `must be a valid ${params.format}`);
    case 'enum':
      return msg(
        `取值应为：${(params.allowedValues as unknown[]).join('、')}`,
        `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`,
      );
    case 'const':
      return msg(`取值应为 ${JSON.stringify(params.allowedValue)}`, `must be ${JSON.stringify(params.allowedValue)}`);
    case 'minimum':
      return msg(`不能小于 ${params.limit}`, `must be at least ${params.limit}`);
    case 'maximum':
      return msg(`不能大于 ${params.limit}`, `must be at most ${params.limit}`);
    case 'minItems':
      return msg(`至少需要 ${params.limit} 项`, `must have at least ${params.limit} items`);
    case 'maxItems':
      return msg(`最多 ${params.limit} 项`, `must have at most ${params.limit} items`);
    case 'additionalProperties':
      return msg('不是可接受的字段', 'is not an accepted field');
    default:
      return msg('取值无效', error.message ?? 'is invalid');
  }
}

/** Converts schema-validation errors into field errors (one per field, the first problem wins). */
export function fieldProblemsFromAjv(errors: ErrorObject[], part?: string): FieldProblem[] {
  const seen = new Map<string, FieldProblem>();
  for (const error of errors) {
    if (['anyOf', 'oneOf', 'if', 'not'].includes(error.keyword)) continue;
    const field = fieldPath(error) || (part ?? 'body');
    if (!seen.has(field)) seen.set(field, { field, code: error.keyword, message: wording(error) });
  }
  return [...seen.values()];
}

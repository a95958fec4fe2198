/** TypeBox schemas shared by routes: errors, bilingual text, lists and cursors. */
import { Type, type Static, type StringOptions, type TSchema } from '@sinclair/typebox';
import { msg } from '../domain/text';
import { ApiError } from './errors';

/** Per-IP limit of `max` requests a minute, scaled by RATE_LIMIT_FACTOR. */
export function perMinute(app: { config: { http: { rateLimitFactor: number } } }, max: number) {
  return { max: max * app.config.http.rateLimitFactor, timeWindow: '1 minute' };
}

/** A string from a fixed list (one `enum` error naming the choices, where a union would give one per choice). */
export function StringEnum<const T extends string>(
  values: readonly T[],
  options: { description?: string; default?: NoInfer<T> } = {},
) {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}

/** A string field whose rule a person reads in both languages when it is broken. */
export function Rule(options: StringOptions, zh: string, en: string) {
  return Type.String({ ...options, 'x-message': { zh, en } });
}

/** 11 digits starting with 1. */
export const MobileSchema = Rule(
  { pattern: '^1\\d{10}$' },
  '手机号应为以 1 开头的 11 位数字',
  'must be 11 digits starting with 1',
);
/** An email address. */
export const EmailSchema = Rule(
  { format: 'email', maxLength: 254 },
  '电子邮箱格式不正确',
  'must be a valid email address',
);
/** Area code and number, `0571-88234700`. */
export const LandlineSchema = Rule(
  { pattern: '^0\\d{2,3}-\\d{7,8}(-\\d{1,6})?$' },
  '固定电话应为“区号-号码”，如 0571-88234700',
  'must be area code and number, e.g. 0571-88234700',
);

/** `{ zh, en }`. */
export const BilingualSchema = Type.Object({ zh: Type.String(), en: Type.String() });

/** The error body of every 4xx/5xx. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: BilingualSchema,
      fields: Type.Optional(
        Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: BilingualSchema })),
      ),
    }),
  },
  { $id: 'Error' },
);

/** Error responses a route may give, for the OpenAPI document. */
export function errors(...codes: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(codes.map((c) => [c, ErrorSchema]));
}

/** `{ items, nextCursor }`. */
export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });
}

/** `?limit=&cursor=`. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

/** Path parameter `:id`. */
/** An action whose body fields are all optional may be posted without a body: it counts as `{}` (a preValidation hook). */
export async function noBodyIsEmpty(request: { body: unknown }): Promise<void> {
  request.body ??= {};
}

/** The body of an action that takes no fields (unknown ones are refused, not dropped). */
export const NoFields = Type.Object({}, { additionalProperties: false });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
export type IdParams = Static<typeof IdParams>;

/** Encodes a keyset position as an opaque cursor. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; a malformed one is a 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined, arity: number): unknown[] | null {
  if (cursor === undefined) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity) return values;
  } catch {
    // fall through
  }
  throw new ApiError(400, 'VALIDATION_FAILED', msg('分页游标无效', 'Invalid cursor'), [
    { field: 'cursor', code: 'invalid', message: msg('分页游标无效', 'is not a cursor this API issued') },
  ]);
}

/**
 * TypeBox building blocks of the HTTP contract: bilingual text, the error body, lists and their
 * cursors, path ids, rules explained in both languages. No Fastify here: the console imports these
 * types (`import type`) as well as the routes.
 */
import { Type, type Static, type StringOptions, type TProperties, type TSchema } from '@sinclair/typebox';

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

/** `T` or `null`. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
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

/** A problem with one input field, named by its JSON path. */
export const FieldProblemSchema = Type.Object({ field: Type.String(), code: Type.String(), message: BilingualSchema });

/** The error body of every 4xx/5xx. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: BilingualSchema,
      fields: Type.Optional(Type.Array(FieldProblemSchema)),
    }),
  },
  { $id: 'Error' },
);
/** The body of every error response. */
export type ErrorBody = Static<typeof ErrorSchema>;

/**
 * Error responses a route may give, for the OpenAPI document. Typed as adding nothing to the route's
 * reply type: routes throw errors (`ApiError`), they never return them, so a handler's return value is
 * checked against its success schemas only.
 */
export function errors(...codes: number[]): Record<never, never> {
  return Object.fromEntries(codes.map((c) => [c, ErrorSchema]));
}

/** `{ items, nextCursor }`. */
export function ListOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}

/** `?limit=&cursor=`. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  cursor: Type.Optional(Type.String({ maxLength: 500 })),
};

/** The body of an action that takes no fields (unknown ones are refused, not dropped). */
export const NoFields = Type.Object({}, { additionalProperties: false });

/** Path parameter `:id`. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** The empty body of a 204 (documented as null, sent as nothing). */
export const NoContent = Type.Unsafe<void>(Type.Null());

/**
 * An answer object whose listed fields are documented; it stays open (`additionalProperties`), so a field
 * a view gains is sent, never silently dropped by the serializer, until it is documented here too.
 */
export function View<T extends TProperties>(properties: T, description?: string) {
  return Type.Object(properties, { additionalProperties: true, ...(description ? { description } : {}) });
}

/** A moment as ISO 8601 text. */
export const Moment = Type.String({ format: 'date-time' });

/** A document answered as it is (a file, a PEM, a DER CRL), in one of `types`. */
export function FileAnswer(description: string, ...types: string[]) {
  return {
    description,
    content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
  };
}

/** List cursors: an opaque encoding of the keyset position the next page starts after. */
import { msg } from '../domain/text';
import { ApiError } from './errors';

/** What one value of a keyset position is: a moment (ISO 8601, UTC) or a text (an ID, a name). */
export type CursorPart = 'time' | 'text';

/** A moment as `encodeCursor` writes it (`Date#toISOString`), within PostgreSQL's range. */
const ISO_MOMENT = /^[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Encodes a keyset position as an opaque cursor. */
export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function fits(value: unknown, part: CursorPart): boolean {
  if (typeof value !== 'string' || value.length > 200 || value.includes('\u0000')) return false;
  return part === 'text' || (ISO_MOMENT.test(value) && !Number.isNaN(new Date(value).getTime()));
}

/**
 * Decodes a cursor made by `encodeCursor` whose values are of the kinds `parts` names; a malformed one
 * (not base64url JSON, another length, a value of another kind) is a 400 naming `cursor`.
 */
export function decodeCursor<const P extends readonly CursorPart[]>(
  cursor: string | undefined,
  parts: P,
): { -readonly [I in keyof P]: string } | null {
  if (cursor === undefined) return null;
  let values: unknown = null;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    // not JSON: refused below
  }
  if (Array.isArray(values) && values.length === parts.length && parts.every((part, i) => fits(values[i], part)))
    return values as { -readonly [I in keyof P]: string };
  throw new ApiError(400, 'VALIDATION_FAILED', msg('分页游标无效', 'Invalid cursor'), [
    { field: 'cursor', code: 'invalid', message: msg('分页游标无效', 'is not a cursor this API issued') },
  ]);
}

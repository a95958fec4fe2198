/** List cursors: an opaque encoding of the keyset position the next page starts after. */
import { msg } from '../domain/text';
import { ApiError } from './errors';

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

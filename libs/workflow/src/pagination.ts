import { validationError } from '@app/domain';
import { decodeCursor, type Cursor } from '@app/persistence';

/** The position a `cursor` query parameter names; 400 for one this API did not hand out. */
export function parseCursor(cursor: string | undefined): Cursor | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  if (!c) throw validationError([{ field: 'cursor', reason: 'bad_cursor' }]);
  return c;
}

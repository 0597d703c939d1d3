import { validationError } from '@app/domain';
import { decodeCursor, type Cursor } from '@app/persistence';

/**
 * The position a `cursor` query parameter names (every list, the overdue board included); 400
 * naming `cursor` for one this API did not hand out. The codec itself is @app/persistence's.
 */
export function parseCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const c = decodeCursor(cursor);
  if (!c) throw validationError([{ field: 'cursor', reason: 'bad_cursor' }]);
  return c;
}

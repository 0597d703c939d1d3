import type { Page } from '@app/contract';
import { CALENDAR_LIMITS, dateInWindow, isUuid, parseIsoDateTime } from '@app/domain';

/** One page of a keyset-paginated list, and the opaque cursor of the next page (null on the last). */
export type { Page };

/**
 * A keyset position: the sort time of the last row shown (created_at, or due_at on the overdue
 * board) and its id, both compared as `(time, id) < (cursor.at, cursor.id)`.
 */
export interface Cursor {
  at: string;
  id: string;
}

/** The times repositories read out of PostgreSQL (`to_char(… 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`), ms or µs. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Cursors are short: a 27-character time, a separator and a 36-character UUID, base64url-encoded (~88). */
const MAX_CURSOR_LENGTH = 200;

/**
 * The one cursor codec: every list's `nextCursor` is made here, and every `cursor` parameter is
 * read back by `decodeCursor` (through the workflow's `parseCursor`, which answers 400).
 */
export function encodeCursor(at: string, id: string): string {
  return Buffer.from(`${at}|${id}`).toString('base64url');
}

/**
 * The position a cursor names, or null for anything encodeCursor could not have made: characters
 * outside base64url (Node would skip them silently), a non-canonical encoding, a missing or extra
 * separator, a time that is not a real instant (month 13, 02-30, 24:00) or outside the years the
 * database and calendar handle (year 0 made PostgreSQL fail), or an id that is not a UUID.
 */
export function decodeCursor(cursor: unknown): Cursor | null {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor))
    return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (Buffer.from(text).toString('base64url') !== cursor) return null;
  const parts = text.split('|');
  if (parts.length !== 2) return null;
  const [at, id] = parts;
  const ok =
    CURSOR_TIME.test(at) &&
    parseIsoDateTime(at) !== null &&
    dateInWindow(at.slice(0, 10), CALENDAR_LIMITS) &&
    isUuid(id);
  return ok ? { at, id: id.toLowerCase() } : null;
}

/**
 * Repositories fetch `limit + 1` rows (newest first by the sort time, then id): the extra row only
 * says that another page exists, and the last row shown is where the next starts. `keyOf` names
 * the row's position (created_at and id unless told otherwise).
 */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Cursor = (r) => {
    const { createdAt, id } = r as { createdAt: string; id: string };
    return { at: createdAt, id };
  },
): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  if (!more || !last) return { items, nextCursor: null };
  const key = keyOf(last);
  return { items, nextCursor: encodeCursor(key.at, key.id) };
}

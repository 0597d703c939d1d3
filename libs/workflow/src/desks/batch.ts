import { DomainError, validationError } from '@app/domain';

/** One item of a batch as a desk reports it; the API turns `error` into its error body. */
export type BatchOutcome =
  { id: string; ok: true; state: string; version: number } | { id: string; ok: false; error: DomainError };

/**
 * Applies `apply` to each id in turn, each in its own transaction (the desk's single-item path:
 * the same locks, transition table, audit and notifications). A domain refusal (stale version,
 * wrong state, not found) is that item's outcome; anything else (the database down) fails the
 * whole request, as it would fail each item. Repeating a batch is safe: an item already applied
 * is refused by its version or state, never applied twice. Ids must be distinct: applying one
 * assignment twice in a request has no meaning.
 */
export async function eachItem(
  ids: string[],
  field: (i: number) => string,
  apply: (id: string, i: number) => Promise<{ state: string; version: number }>,
): Promise<BatchOutcome[]> {
  const seen = new Set<string>();
  const dup = ids.findIndex((id) =>
    seen.has(id.toLowerCase()) ? true : (seen.add(id.toLowerCase()), false),
  );
  if (dup >= 0) throw validationError([{ field: field(dup), reason: 'arrayUnique' }]);
  const out: BatchOutcome[] = [];
  for (const [i, id] of ids.entries()) {
    try {
      const a = await apply(id, i);
      out.push({ id, ok: true, state: a.state, version: a.version });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      out.push({ id, ok: false, error: e });
    }
  }
  return out;
}

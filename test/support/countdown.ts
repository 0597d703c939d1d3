import type { Client } from 'pg';
import { OPEN_DEADLINE_JSON } from '@app/persistence';

/**
 * Each assignment's countdown columns (`open_due_at`, `open_deadline`, kept by the deadline
 * triggers or written by the generator) beside what its open deadlines say, one statement, one
 * snapshot. `open` and `ended`: how many rows have an open deadline and how many have none, so a
 * caller can tell that both kinds were compared; `mismatched`: the rows whose columns differ.
 */
export async function countdownCheck(
  db: Client,
): Promise<{ open: number; ended: number; mismatched: unknown[] }> {
  const rows: { id: string; open: boolean; matches: boolean }[] = (
    await db.query(`
      SELECT a.id, x.due_at IS NOT NULL AS open,
             a.open_due_at IS NOT DISTINCT FROM x.due_at AND a.open_deadline IS NOT DISTINCT FROM x.deadline AS matches
        FROM assignment a
        LEFT JOIN LATERAL (SELECT d.due_at, ${OPEN_DEADLINE_JSON} AS deadline FROM deadline d
                            WHERE d.assignment_id = a.id AND d.state = 'open' ORDER BY d.due_at, d.kind LIMIT 1) x ON true`)
  ).rows;
  return {
    open: rows.filter((r) => r.open).length,
    ended: rows.filter((r) => !r.open).length,
    mismatched: rows.filter((r) => !r.matches).map((r) => r.id),
  };
}

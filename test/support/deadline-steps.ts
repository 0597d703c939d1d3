import type { Client } from 'pg';

/**
 * Deadlines whose kept steps (`deadline_steps`, migration DeadlineSteps) differ from their
 * `escalation_step` rows built into the same JSON afresh: empty when every writer kept them. One
 * statement, so one snapshot. A deadline without steps may have no kept row or an empty list.
 */
export async function stepsMismatches(db: Client): Promise<unknown[]> {
  const iso = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
  const r = await db.query(
    `SELECT d.id, kept.steps AS kept, fresh.steps AS fresh
       FROM deadline d
       LEFT JOIN deadline_steps k ON k.deadline_id = d.id
       CROSS JOIN LATERAL (SELECT coalesce(k.steps::jsonb, '[]') AS steps) kept
       CROSS JOIN LATERAL (
         SELECT coalesce(jsonb_agg(jsonb_build_object('step', s.step, 'fireAt', ${iso('s.fire_at')},
                  'firedAt', ${iso('s.fired_at')}) ORDER BY s.fire_at), '[]') AS steps
           FROM escalation_step s WHERE s.deadline_id = d.id) fresh
      WHERE kept.steps IS DISTINCT FROM fresh.steps`,
  );
  return r.rows;
}

import type { Client } from 'pg';
import { DEADLINE_STEPS_JSON } from '@app/persistence';

/**
 * Deadlines whose kept steps (`deadline_steps`, migration DeadlineSteps) differ from their
 * `escalation_step` rows built into the same JSON afresh: empty when every writer kept them. One
 * statement, so one snapshot. A deadline without steps may have no kept row or an empty list.
 */
export async function stepsMismatches(db: Client): Promise<unknown[]> {
  const r = await db.query(
    `SELECT d.id, kept.steps AS kept, fresh.steps AS fresh
       FROM deadline d
       LEFT JOIN deadline_steps k ON k.deadline_id = d.id
       CROSS JOIN LATERAL (SELECT coalesce(k.steps::jsonb, '[]') AS steps) kept
       CROSS JOIN LATERAL (
         SELECT (${DEADLINE_STEPS_JSON})::jsonb AS steps FROM escalation_step s WHERE s.deadline_id = d.id) fresh
      WHERE kept.steps IS DISTINCT FROM fresh.steps`,
  );
  return r.rows;
}

/**
 * Steps whose kept `deadline_open` (migration StepDeadlineOpen) is not their deadline's state
 * being `open`, or whose `parked_at` is set while it is open or missing while it is not: empty when
 * the trigger on deadline and the planner kept them.
 */
export async function stepStateMismatches(db: Client): Promise<unknown[]> {
  const r = await db.query(
    `SELECT s.deadline_id, s.step, s.deadline_open, s.parked_at, d.state
       FROM escalation_step s JOIN deadline d ON d.id = s.deadline_id
      WHERE s.deadline_open <> (d.state = 'open') OR (s.parked_at IS NULL) <> (d.state = 'open')`,
  );
  return r.rows;
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OPEN_DEADLINE_JSON, OPEN_DUE_SYNC_V2 } from './1764990000000-open-deadline-column';

/** The setting naming the one assignment whose countdown a transition writes itself (none: empty or unset). */
export const COUNTDOWN_HELD = 'dutygate.countdown_held';

/**
 * The countdown of assignment `id` (an SQL expression of the caller's): its open deadline due first,
 * as `due_at` and `deadline` of a `LEFT JOIN LATERAL`. The triggers on `deadline` and a transition's
 * own write use this one text, so that both always agree.
 */
export const openCountdownOf = (id: string): string =>
  `(SELECT d.due_at, ${OPEN_DEADLINE_JSON} AS deadline FROM deadline d
     WHERE d.assignment_id = ${id} AND d.state = 'open' ORDER BY d.due_at, d.kind LIMIT 1)`;

/**
 * A desk's transition (TransitionRunner) writes its assignment once. Before, each of its deadline
 * statements (the sign-for clock met, the completion clock opened, …) made the statement trigger on
 * `deadline` rewrite the assignment's countdown, and then the transition wrote the new state: up to
 * three versions of the row a transition, none heap-only (`open_due_at` is in the predicates of
 * three indexes, `state` in their keys), so each wrote the row's fifteen index entries again.
 *
 * Now a transaction may name one assignment in `dutygate.countdown_held` (a transaction-local
 * setting): the trigger leaves that assignment alone, every other one as before, and the
 * transition's own `UPDATE` writes the countdown with the state (`openCountdownOf`), clearing the
 * setting in the same statement (AssignmentRepository.update). Every other writer of deadlines
 * (routing, escalation, summons, joint actions, the generator) never sets it.
 */
export class CountdownHeld1764995000000 implements MigrationInterface {
  name = 'CountdownHeld1764995000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION assignment_open_due_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment a SET open_due_at = x.due_at, open_deadline = x.deadline
          FROM (SELECT c.id, o.due_at, o.deadline
                  FROM (SELECT DISTINCT assignment_id AS id FROM changed_deadline
                         WHERE assignment_id IS NOT NULL
                           AND assignment_id::text IS DISTINCT FROM nullif(current_setting('${COUNTDOWN_HELD}', true), '')) c
                  LEFT JOIN LATERAL ${openCountdownOf('c.id')} o ON true) x
         WHERE a.id = x.id AND (a.open_due_at IS DISTINCT FROM x.due_at OR a.open_deadline IS DISTINCT FROM x.deadline);
        RETURN NULL;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION assignment_open_due_sync() ${OPEN_DUE_SYNC_V2}`);
  }
}

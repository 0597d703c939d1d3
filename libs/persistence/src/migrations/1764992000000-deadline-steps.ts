import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deadline's escalation steps as its views show them: `[{step, fireAt, firedAt}]`, by fire time, an
 * aggregate over `escalation_step s`. What the triggers store; test/support/deadline-steps.ts
 * compares the stored JSON with it.
 */
export const DEADLINE_STEPS_JSON = `coalesce(jsonb_agg(jsonb_build_object(
    'step', s.step,
    'fireAt', to_char(s.fire_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'firedAt', to_char(s.fired_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')) ORDER BY s.fire_at), '[]')::json`;

/**
 * Each deadline's escalation steps kept as the JSON its views send (issue 12). The overdue board,
 * an assignment's detail and a summons' or joint action's deadlines built that JSON from
 * `escalation_step` for every row they showed: about a third of PostgreSQL's CPU for a board page
 * at a million assignments (775–850 µs a page, 475–550 without the steps' JSON; docs/measurements.md).
 *
 * `deadline_steps` holds it per deadline, written by statement-level triggers on `escalation_step`
 * from the deadlines each statement touched, so every writer keeps it: planning (routing, resume,
 * move, a renewed window), firing, the retention job and anything else. It is `json`, not `jsonb`:
 * read as stored text, with no conversion per row; built through `jsonb`, so its text is what the
 * views sent before. A separate table, not a column of `deadline`: routing writes each new
 * deadline once, and the second write would not be heap-only there (eleven indexes, full pages);
 * here it is one narrow row under one key.
 *
 * Writers of a deadline's steps hold the deadline row first (DeadlineRepository.fireDue), so the
 * trigger of the later one reads the steps the earlier one committed. Only deadlines that still
 * exist are written: a deadline deleted in the same statement (a cascade) takes its row with it.
 */
export class DeadlineSteps1764992000000 implements MigrationInterface {
  name = 'DeadlineSteps1764992000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deadline_steps (
        deadline_id uuid PRIMARY KEY REFERENCES deadline (id) ON DELETE CASCADE,
        steps json NOT NULL
      )`);
    // One function for the three triggers: each names its transition table `changed_steps`.
    await q.query(`
      CREATE FUNCTION deadline_steps_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO deadline_steps AS t (deadline_id, steps)
        SELECT d.id, (SELECT ${DEADLINE_STEPS_JSON} FROM escalation_step s WHERE s.deadline_id = d.id)
          FROM deadline d WHERE d.id IN (SELECT deadline_id FROM changed_steps)
         ORDER BY d.id
        ON CONFLICT (deadline_id) DO UPDATE SET steps = EXCLUDED.steps;
        RETURN NULL;
      END $$`);
    for (const [event, transition] of [
      ['insert', 'NEW'],
      ['update', 'NEW'],
      ['delete', 'OLD'],
    ])
      await q.query(`
        CREATE TRIGGER tg_escalation_step_${event}_steps AFTER ${event.toUpperCase()} ON escalation_step
          REFERENCING ${transition} TABLE AS changed_steps FOR EACH STATEMENT EXECUTE FUNCTION deadline_steps_sync()`);
    await q.query(`
      CREATE FUNCTION deadline_steps_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM deadline_steps;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_escalation_step_truncate_steps AFTER TRUNCATE ON escalation_step
        FOR EACH STATEMENT EXECUTE FUNCTION deadline_steps_truncate()`);
    // Built afresh from the steps: here, and by the generator after its load with triggers off.
    await q.query(`
      CREATE FUNCTION deadline_steps_rebuild() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE n bigint;
      BEGIN
        DELETE FROM deadline_steps;
        INSERT INTO deadline_steps (deadline_id, steps)
        SELECT s.deadline_id, ${DEADLINE_STEPS_JSON} FROM escalation_step s GROUP BY s.deadline_id;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN n;
      END $$`);
    await q.query(`SELECT deadline_steps_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate'])
      await q.query(`DROP TRIGGER IF EXISTS tg_escalation_step_${event}_steps ON escalation_step`);
    await q.query(`DROP FUNCTION IF EXISTS deadline_steps_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS deadline_steps_truncate()`);
    await q.query(`DROP FUNCTION IF EXISTS deadline_steps_sync()`);
    await q.query(`DROP TABLE IF EXISTS deadline_steps`);
  }
}

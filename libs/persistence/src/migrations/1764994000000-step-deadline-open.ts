import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a step's deadline is open, kept on the step (issue 12). The escalation sweep and each
 * firing look for unfired steps due by a time whose deadline is open. The partial index they read,
 * `(fire_at) WHERE fired_at IS NULL`, also held every unfired step of a deadline already met,
 * cancelled or paused, kept 30 days by the retention job (StorageRepository.prune): at a million
 * assignments 634,000 of its 660,000 entries. The firing's `ORDER BY fire_at LIMIT` walked past them
 * to reach a due step, or hashed every open deadline (its statement 150–645 ms there), and the
 * sweep's bucket list read the table in parallel (105 ms, both cores), each a stall of every
 * request in flight.
 *
 * `deadline_open` is `deadline.state = 'open'`, written by a row trigger on the deadline whenever
 * its state enters or leaves `open` (met, cancelled, paused, resumed, re-opened), so every writer
 * keeps it; planning writes new steps with their deadline's state. `parked_at` is when the deadline
 * left `open` (its `updated_at` then; NULL while open). The due steps' index holds only unfired
 * steps of open deadlines, a few per open deadline. The retention job's candidates are indexed by
 * `parked_at`, so its hourly run reads only the steps parked before its cut-off, not the 30 days
 * kept (at a million, a join of 634,000 parked steps with every deadline: 1.6 s for no row). The
 * queries still test the deadline itself: the columns are what the indexes read, not what decides.
 */
export class StepDeadlineOpen1764994000000 implements MigrationInterface {
  name = 'StepDeadlineOpen1764994000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalation_step ADD COLUMN deadline_open boolean NOT NULL DEFAULT true,
                                               ADD COLUMN parked_at timestamptz`);
    // The kept steps' JSON (migration DeadlineSteps) does not show the column: its trigger is not
    // needed for the backfill.
    await q.query(`ALTER TABLE escalation_step DISABLE TRIGGER tg_escalation_step_update_steps`);
    await q.query(`UPDATE escalation_step s SET deadline_open = false, parked_at = d.updated_at
                     FROM deadline d WHERE d.id = s.deadline_id AND d.state <> 'open'`);
    await q.query(`ALTER TABLE escalation_step ENABLE TRIGGER tg_escalation_step_update_steps`);
    await q.query(`
      CREATE FUNCTION deadline_step_open() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE escalation_step
           SET deadline_open = (NEW.state = 'open'), parked_at = CASE WHEN NEW.state <> 'open' THEN NEW.updated_at END
         WHERE deadline_id = NEW.id AND deadline_open <> (NEW.state = 'open');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER tg_deadline_step_open AFTER UPDATE OF state ON deadline FOR EACH ROW
        WHEN ((OLD.state = 'open') IS DISTINCT FROM (NEW.state = 'open')) EXECUTE FUNCTION deadline_step_open()`);
    await q.query(
      `CREATE INDEX ix_escalation_step_due ON escalation_step (fire_at) WHERE fired_at IS NULL AND deadline_open`,
    );
    await q.query(
      `CREATE INDEX ix_escalation_step_parked ON escalation_step (parked_at) WHERE fired_at IS NULL AND NOT deadline_open`,
    );
    await q.query(`DROP INDEX ix_escalation_step_pending`);
    await q.query(`ANALYZE escalation_step`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX IF NOT EXISTS ix_escalation_step_pending ON escalation_step (fire_at) WHERE fired_at IS NULL`,
    );
    await q.query(`DROP INDEX IF EXISTS ix_escalation_step_parked`);
    await q.query(`DROP INDEX IF EXISTS ix_escalation_step_due`);
    await q.query(`DROP TRIGGER IF EXISTS tg_deadline_step_open ON deadline`);
    await q.query(`DROP FUNCTION IF EXISTS deadline_step_open()`);
    await q.query(`ALTER TABLE escalation_step DROP COLUMN IF EXISTS parked_at`);
    await q.query(`ALTER TABLE escalation_step DROP COLUMN IF EXISTS deadline_open`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The deadline triggers' function as this migration made it (`open_due_at` only): one UPDATE per
 * statement on deadline, over the assignments it touched (transition tables). OpenDeadlineColumn
 * replaces it and puts it back on the way down.
 */
export const OPEN_DUE_SYNC_V1 = `RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment a SET open_due_at = x.due
          FROM (SELECT c.id, (SELECT min(d.due_at) FROM deadline d WHERE d.assignment_id = c.id AND d.state = 'open') AS due
                  FROM (SELECT DISTINCT assignment_id AS id FROM changed_deadline WHERE assignment_id IS NOT NULL) c) x
         WHERE a.id = x.id AND a.open_due_at IS DISTINCT FROM x.due;
        RETURN NULL;
      END $$`;

/** The insert trigger's function as this migration made it (DepartmentTasksByState replaces it). */
export const SUBMITTER_COPY_V1 = `RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.submitter_code := (SELECT submitter_code FROM task WHERE id = NEW.task_id);
        RETURN NEW;
      END $$`;

/**
 * Reads at a million assignments (issue 12), each change taken from an EXPLAIN (ANALYZE, BUFFERS)
 * plan (docs/architecture.md "Scale: indexes, flags and partitions"):
 * - `assignment.submitter_code`: the department of the task, copied by a trigger on insert (and
 *   when an assignment moves to another task), so a department's list is one index range instead
 *   of a walk of every assignment joined to its task.
 * - `assignment.open_due_at`: the earliest due time of the assignment's open deadlines, kept by
 *   statement-level triggers on `deadline` (assignment subjects only), so "overdue" is a column
 *   compared with now instead of a subquery that PostgreSQL answered with a hash of the whole
 *   open-deadline set on every list request; the overdue-only lists use small partial indexes.
 * - Indexes matching each filter and its keyset order (street + state, department + state, the
 *   board by kind); `ix_assignment_pending` no longer holds `updated_at`, so an update that
 *   leaves the indexed columns alone can be heap-only (HOT); fillfactor leaves room for it.
 */
export class ScaleReads1764900000000 implements MigrationInterface {
  name = 'ScaleReads1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE assignment ADD COLUMN submitter_code text, ADD COLUMN open_due_at timestamptz`,
    );
    await q.query(
      `UPDATE assignment a SET submitter_code = t.submitter_code FROM task t WHERE t.id = a.task_id`,
    );
    await q.query(`ALTER TABLE assignment ALTER COLUMN submitter_code SET NOT NULL`);
    await q.query(`CREATE FUNCTION assignment_submitter() ${SUBMITTER_COPY_V1}`);
    await q.query(`
      CREATE TRIGGER tg_assignment_submitter BEFORE INSERT OR UPDATE OF task_id ON assignment
        FOR EACH ROW EXECUTE FUNCTION assignment_submitter()`);

    await q.query(`CREATE FUNCTION assignment_open_due_sync() ${OPEN_DUE_SYNC_V1}`);
    for (const [event, table] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ])
      await q.query(`
        CREATE TRIGGER tg_deadline_open_due_${event.toLowerCase()} AFTER ${event} ON deadline
          REFERENCING ${table} TABLE AS changed_deadline FOR EACH STATEMENT EXECUTE FUNCTION assignment_open_due_sync()`);
    await q.query(`
      UPDATE assignment a SET open_due_at = x.due
        FROM (SELECT assignment_id, min(due_at) AS due FROM deadline WHERE state = 'open' AND assignment_id IS NOT NULL GROUP BY 1) x
       WHERE a.id = x.assignment_id`);

    await q.query(
      `CREATE INDEX ix_assignment_street_state_created ON assignment (street_code, state, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_assignment_submitter_created ON assignment (submitter_code, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_assignment_submitter_state_created ON assignment (submitter_code, state, created_at DESC, id DESC)`,
    );
    // The overdue-only lists: only assignments with an open deadline are in these (a few thousand).
    await q.query(
      `CREATE INDEX ix_assignment_open_due_street ON assignment (street_code, created_at DESC, id DESC) WHERE open_due_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_assignment_open_due_submitter ON assignment (submitter_code, created_at DESC, id DESC) WHERE open_due_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX ix_assignment_open_due_created ON assignment (created_at DESC, id DESC) WHERE open_due_at IS NOT NULL`,
    );
    await q.query(`DROP INDEX ix_assignment_pending`);
    await q.query(
      `CREATE INDEX ix_assignment_pending ON assignment (task_id, routing_round) WHERE state = 'pending_routing'`,
    );
    await q.query(`ALTER TABLE assignment SET (fillfactor = 85)`);
    await q.query(
      `CREATE INDEX ix_deadline_open_kind_due ON deadline (kind, due_at, id) WHERE state = 'open'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_deadline_open_kind_due`);
    await q.query(`ALTER TABLE assignment RESET (fillfactor)`);
    await q.query(`DROP INDEX IF EXISTS ix_assignment_pending`);
    await q.query(
      `CREATE INDEX ix_assignment_pending ON assignment (updated_at) WHERE state = 'pending_routing'`,
    );
    for (const event of ['insert', 'update', 'delete'])
      await q.query(`DROP TRIGGER IF EXISTS tg_deadline_open_due_${event} ON deadline`);
    await q.query(`DROP FUNCTION IF EXISTS assignment_open_due_sync()`);
    await q.query(`DROP TRIGGER IF EXISTS tg_assignment_submitter ON assignment`);
    await q.query(`DROP FUNCTION IF EXISTS assignment_submitter()`);
    await q.query(
      `ALTER TABLE assignment DROP COLUMN IF EXISTS open_due_at, DROP COLUMN IF EXISTS submitter_code`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reads that still scanned at a million assignments (issue 12, second pass; the plans before and
 * after are in docs/architecture.md "Scale: indexes, flags and partitions"):
 * - The overdue board's counts grouped the open deadlines past due by (owner, kind) after a bitmap
 *   heap scan that fetched every one of them (~3,800 buffers cold at a million). The board's own
 *   index `ix_deadline_open_due (due_at, id) WHERE state = 'open'` now carries owner and kind
 *   (INCLUDE), so the counts are an index-only scan of its past-due range.
 * - The board of one organisation read `(owner_org, due_at) WHERE state = 'open'` and sorted the ties
 *   on id (an incremental sort); `(owner_org, due_at, id)` is the whole keyset order.
 * - The worklist sorted by due date (`sort=dueAt` / `-dueAt`) sorted every assignment of the
 *   street or department; `(street_code, due_at, id)` and `(submitter_code, due_at, id)` give the
 *   keyset order (read backwards for `-dueAt`).
 * - `task_suggestion`: the review queue's matter suggestions of a task (its text compared with every
 *   matter of its list version, milliseconds of CPU per task), computed the first time the task is
 *   on the queue's page and kept until its text is edited, so the queue is an index read.
 */
export class ScaleReadPlans1764951000000 implements MigrationInterface {
  name = 'ScaleReadPlans1764951000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_deadline_open_due`);
    await q.query(
      `CREATE INDEX ix_deadline_open_due ON deadline (due_at, id) INCLUDE (owner_org, kind) WHERE state = 'open'`,
    );
    await q.query(`DROP INDEX ix_deadline_owner_open`);
    await q.query(
      `CREATE INDEX ix_deadline_owner_open ON deadline (owner_org, due_at, id) WHERE state = 'open'`,
    );
    await q.query(`CREATE INDEX ix_assignment_street_due ON assignment (street_code, due_at, id)`);
    await q.query(`CREATE INDEX ix_assignment_submitter_due ON assignment (submitter_code, due_at, id)`);
    await q.query(`
      CREATE TABLE task_suggestion (
        task_id uuid PRIMARY KEY REFERENCES task (id) ON DELETE CASCADE,
        suggestions jsonb NOT NULL,
        computed_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS task_suggestion`);
    await q.query(`DROP INDEX IF EXISTS ix_assignment_submitter_due`);
    await q.query(`DROP INDEX IF EXISTS ix_assignment_street_due`);
    await q.query(`DROP INDEX ix_deadline_owner_open`);
    await q.query(`CREATE INDEX ix_deadline_owner_open ON deadline (owner_org, due_at) WHERE state = 'open'`);
    await q.query(`DROP INDEX ix_deadline_open_due`);
    await q.query(`CREATE INDEX ix_deadline_open_due ON deadline (due_at, id) WHERE state = 'open'`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SUBMITTER_COPY_V1 } from './1764900000000-scale-reads';

/**
 * A department's tasks filtered by a state of their assignments, in the task list's order, from one
 * index range. The list was driven from `(submitter_code, state, created_at, id)`: every assignment of
 * the department in that state was fetched (a bitmap heap scan), grouped by task, each task fetched
 * and the lot sorted for a page of 21 — at a million assignments 233 in-progress assignments of
 * 142 tasks, 849 buffers and ~6 ms per page, the slowest read of the year (p99 289 ms with 32
 * clients). `assignment.task_created_at` is the task's creation time, copied by the trigger that
 * already copies its submitter (on insert, and when an assignment moves to another task), so
 * `(submitter_code, state, task_created_at DESC, task_id DESC)` holds the tasks in the list's keyset
 * order: the page reads its first 21 distinct tasks and stops. A task's creation time never changes.
 */
export class DepartmentTasksByState1764991000000 implements MigrationInterface {
  name = 'DepartmentTasksByState1764991000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment ADD COLUMN task_created_at timestamptz`);
    await q.query(
      `UPDATE assignment a SET task_created_at = t.created_at FROM task t WHERE t.id = a.task_id`,
    );
    await q.query(`ALTER TABLE assignment ALTER COLUMN task_created_at SET NOT NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION assignment_submitter() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT t.submitter_code, t.created_at INTO NEW.submitter_code, NEW.task_created_at
          FROM task t WHERE t.id = NEW.task_id;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE INDEX ix_assignment_submitter_state_task ON assignment (submitter_code, state, task_created_at DESC, task_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_assignment_submitter_state_task`);
    await q.query(`CREATE OR REPLACE FUNCTION assignment_submitter() ${SUBMITTER_COPY_V1}`);
    await q.query(`ALTER TABLE assignment DROP COLUMN task_created_at`);
  }
}

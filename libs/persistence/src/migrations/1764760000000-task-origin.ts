import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A task split off another: when a department resubmits a partly returned task, the returned
 * assignments move to a new task carrying the edited text, and `origin_task_id` links it back, so
 * what other streets already received and signed for keeps its text.
 */
export class TaskOrigin1764760000000 implements MigrationInterface {
  name = 'TaskOrigin1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE task ADD COLUMN origin_task_id uuid CONSTRAINT fk_task_origin REFERENCES task (id)`,
    );
    await q.query(`CREATE INDEX ix_task_origin ON task (origin_task_id) WHERE origin_task_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_task_origin`);
    await q.query(`ALTER TABLE task DROP COLUMN IF EXISTS origin_task_id`);
  }
}

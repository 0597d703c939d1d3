import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An assignment's extensions, read by its detail (AssignmentDetailRepository) on every open of an
 * assignment and after every transition, had no index but the partial one on pending requests: the
 * detail read the whole `extension` table, a table that grows with every request for more time over
 * the years. `(assignment_id, created_at)` is the detail's lookup in its order.
 */
export class ExtensionByAssignment1764980000000 implements MigrationInterface {
  name = 'ExtensionByAssignment1764980000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_extension_assignment ON extension (assignment_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_extension_assignment`);
  }
}

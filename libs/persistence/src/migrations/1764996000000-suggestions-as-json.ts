import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `task_suggestion.suggestions` as `json` (text kept as written) instead of `jsonb`, as the decisions'
 * and matters' stored view JSON already are (migration StoredViewJson): the review queue sends the
 * five suggested matters of every row, and PostgreSQL wrote each row's `jsonb` back out as text on
 * every read, about a quarter of the queue's statement at a million assignments (docs/measurements.md).
 * Nothing filters or indexes inside the column; it is written once per task and read as a whole.
 */
export class SuggestionsAsJson1764996000000 implements MigrationInterface {
  name = 'SuggestionsAsJson1764996000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_suggestion ALTER COLUMN suggestions TYPE json USING suggestions::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task_suggestion ALTER COLUMN suggestions TYPE jsonb USING suggestions::jsonb`);
  }
}

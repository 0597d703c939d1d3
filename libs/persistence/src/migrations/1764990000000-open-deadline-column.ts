import type { MigrationInterface, QueryRunner } from 'typeorm';
import { OPEN_DUE_SYNC_V1 } from './1764900000000-scale-reads';

/**
 * The open deadline `d` as every list row shows it (kind, owner, window in ISO-8601 to the
 * millisecond). The generator (apps/cli) writes the column with the same expression.
 */
export const OPEN_DEADLINE_JSON = `jsonb_build_object('kind', d.kind, 'ownerOrg', d.owner_org,
  'startsAt', to_char(d.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
  'dueAt', to_char(d.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`;

/**
 * The countdown trigger's function as this migration defines it (after its name): what a later
 * migration that replaces it puts back on the way down.
 */
export const OPEN_DUE_SYNC_V2 = `RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE assignment a SET open_due_at = x.due_at, open_deadline = x.deadline
          FROM (SELECT c.id, o.due_at, o.deadline
                  FROM (SELECT DISTINCT assignment_id AS id FROM changed_deadline WHERE assignment_id IS NOT NULL) c
                  LEFT JOIN LATERAL (SELECT d.due_at, ${OPEN_DEADLINE_JSON} AS deadline FROM deadline d
                                      WHERE d.assignment_id = c.id AND d.state = 'open'
                                      ORDER BY d.due_at, d.kind LIMIT 1) o ON true) x
         WHERE a.id = x.id AND (a.open_due_at IS DISTINCT FROM x.due_at OR a.open_deadline IS DISTINCT FROM x.deadline);
        RETURN NULL;
      END $$`;

/**
 * `assignment.open_deadline`: the row's countdown (`openDeadline` of every assignment view), kept by
 * the statement-level triggers on `deadline` that already keep `open_due_at`, instead of a probe of
 * `deadline` (an index scan, a filter on the state and a sort) for each row of every list page.
 * At a million assignments the newest rows of a street or a department are the open ones, so a page
 * made up to 21 such probes where a small year made two or three: the department's list was the one
 * read whose p99 grew more than 1.5 × from 10k to 1M with pages of the same size.
 * The column is not indexed, so the updates that set it stay heap-only where they were.
 */
export class OpenDeadlineColumn1764990000000 implements MigrationInterface {
  name = 'OpenDeadlineColumn1764990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assignment ADD COLUMN open_deadline jsonb`);
    await q.query(`CREATE OR REPLACE FUNCTION assignment_open_due_sync() ${OPEN_DUE_SYNC_V2}`);
    await q.query(`
      UPDATE assignment a SET open_deadline = x.deadline
        FROM (SELECT DISTINCT ON (d.assignment_id) d.assignment_id, ${OPEN_DEADLINE_JSON} AS deadline FROM deadline d
               WHERE d.state = 'open' AND d.assignment_id IS NOT NULL ORDER BY d.assignment_id, d.due_at, d.kind) x
       WHERE a.id = x.assignment_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION assignment_open_due_sync() ${OPEN_DUE_SYNC_V1}`);
    await q.query(`ALTER TABLE assignment DROP COLUMN open_deadline`);
  }
}

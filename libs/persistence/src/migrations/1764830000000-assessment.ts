import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assessment (考核, issue 9): the streets' periodic ratings of departments' dispatched units, the
 * assessment of a period with the weights and caps it used, and one scorecard per organisation.
 *
 * - A period is its canonical text (`2026-11`, `2026-Q4`); the CHECKs repeat the domain's
 *   spelling so a row written around the API cannot hold `2026-13`.
 * - `run` counts computations of a period: the worker's job carries it, so a job of an older
 *   request (superseded by a recompute) finds a newer run and does nothing.
 * - Scorecards belong to their assessment (ON DELETE CASCADE) and are replaced whole by each
 *   computation; a published assessment is frozen by the services (recompute → 409).
 * - The indexes on deadline, supervision_item and dispute serve the computation's range scans
 *   (due in, overdue in, created in, decided in the period) over a year of facts.
 */
export class Assessment1764830000000 implements MigrationInterface {
  name = 'Assessment1764830000000';

  async up(q: QueryRunner): Promise<void> {
    const periodCheck = (column: string) => `${column} ~ '^[0-9]{4}-(0[1-9]|1[0-2]|Q[1-4])$'`;
    await q.query(`
      CREATE TABLE dispatched_unit_rating (
        street_code text NOT NULL CONSTRAINT fk_dispatched_unit_rating_street REFERENCES organisation (code),
        department_code text NOT NULL CONSTRAINT fk_dispatched_unit_rating_department REFERENCES organisation (code),
        period text NOT NULL CONSTRAINT ck_dispatched_unit_rating_period CHECK (${periodCheck('period')}),
        score smallint NOT NULL CONSTRAINT ck_dispatched_unit_rating_score CHECK (score BETWEEN 1 AND 5),
        comment text,
        rated_by uuid NOT NULL CONSTRAINT fk_dispatched_unit_rating_user REFERENCES app_user (id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT pk_dispatched_unit_rating PRIMARY KEY (street_code, department_code, period)
      )`);
    await q.query(
      `CREATE INDEX ix_dispatched_unit_rating_period ON dispatched_unit_rating (period, department_code)`,
    );

    await q.query(`
      CREATE TABLE assessment (
        period text PRIMARY KEY CONSTRAINT ck_assessment_period CHECK (${periodCheck('period')}),
        state text NOT NULL CONSTRAINT ck_assessment_state CHECK (state IN ('computing', 'ready', 'published')),
        run integer NOT NULL DEFAULT 1,
        weights jsonb NOT NULL,
        caps jsonb NOT NULL,
        requested_at timestamptz NOT NULL,
        requested_by uuid NOT NULL CONSTRAINT fk_assessment_requester REFERENCES app_user (id),
        computed_at timestamptz,
        published_at timestamptz,
        published_by uuid CONSTRAINT fk_assessment_publisher REFERENCES app_user (id),
        CONSTRAINT ck_assessment_published CHECK ((state = 'published') = (published_at IS NOT NULL)),
        CONSTRAINT ck_assessment_computed CHECK (state = 'computing' OR computed_at IS NOT NULL)
      )`);

    await q.query(`
      CREATE TABLE scorecard (
        period text NOT NULL CONSTRAINT fk_scorecard_assessment REFERENCES assessment (period) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT ck_scorecard_kind CHECK (kind IN ('street', 'department')),
        org_code text NOT NULL CONSTRAINT fk_scorecard_org REFERENCES organisation (code),
        metrics jsonb NOT NULL,
        score double precision,
        rank integer,
        CONSTRAINT pk_scorecard PRIMARY KEY (period, kind, org_code),
        CONSTRAINT ck_scorecard_rank CHECK ((score IS NULL) = (rank IS NULL))
      )`);
    await q.query(`CREATE INDEX ix_scorecard_org ON scorecard (org_code, period)`);

    await q.query(`CREATE INDEX ix_deadline_due ON deadline (due_at)`);
    await q.query(`CREATE INDEX ix_deadline_overdue ON deadline (overdue_at) WHERE overdue_at IS NOT NULL`);
    await q.query(`CREATE INDEX ix_supervision_item_created ON supervision_item (created_at)`);
    await q.query(`CREATE INDEX ix_dispute_decided ON dispute (decided_at) WHERE state = 'decided'`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const ix of [
      'ix_dispute_decided',
      'ix_supervision_item_created',
      'ix_deadline_overdue',
      'ix_deadline_due',
    ])
      await q.query(`DROP INDEX IF EXISTS ${ix}`);
    for (const t of ['scorecard', 'assessment', 'dispatched_unit_rating'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Coordination (issue 8): summons (吹哨报到) with one response per summoned department and the
 * street's ratings, joint actions (联合执法) on `joint` assignments, and the deadline table
 * generalised so a deadline belongs to exactly one subject — an assignment, a summons response or
 * a joint action — and rides the same escalation ladder, sweep and supervision board.
 */
export class Coordination1764800000000 implements MigrationInterface {
  name = 'Coordination1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE summons (
        id uuid PRIMARY KEY,
        street_code text NOT NULL CONSTRAINT fk_summons_street REFERENCES organisation (code),
        assignment_id uuid CONSTRAINT fk_summons_assignment REFERENCES assignment (id),
        subject text NOT NULL,
        place text NOT NULL,
        description text NOT NULL,
        urgent boolean NOT NULL,
        state text NOT NULL CONSTRAINT ck_summons_state CHECK (state IN ('open', 'closed')),
        result text,
        created_by uuid NOT NULL CONSTRAINT fk_summons_creator REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_by uuid CONSTRAINT fk_summons_closer REFERENCES app_user (id),
        closed_at timestamptz,
        CONSTRAINT ck_summons_closed CHECK ((state = 'closed') = (closed_at IS NOT NULL AND result IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_summons_street_created ON summons (street_code, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX ix_summons_created ON summons (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX ix_summons_assignment ON summons (assignment_id) WHERE assignment_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE summons_response (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        summons_id uuid NOT NULL CONSTRAINT fk_summons_response_summons REFERENCES summons (id),
        department_code text NOT NULL CONSTRAINT fk_summons_response_department REFERENCES organisation (code),
        state text NOT NULL CONSTRAINT ck_summons_response_state CHECK (state IN ('pending', 'reported', 'declined')),
        report_by_at timestamptz NOT NULL,
        responded_at timestamptz,
        responded_by uuid CONSTRAINT fk_summons_response_user REFERENCES app_user (id),
        arrived_at timestamptz,
        reporter text,
        note text,
        CONSTRAINT uq_summons_response_department UNIQUE (summons_id, department_code),
        CONSTRAINT ck_summons_response_responded CHECK ((state = 'pending') = (responded_at IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_summons_response_department ON summons_response (department_code, summons_id)`,
    );

    await q.query(`
      CREATE TABLE summons_rating (
        summons_id uuid NOT NULL CONSTRAINT fk_summons_rating_summons REFERENCES summons (id),
        department_code text NOT NULL,
        score smallint NOT NULL CONSTRAINT ck_summons_rating_score CHECK (score BETWEEN 1 AND 5),
        comment text,
        rated_by uuid NOT NULL CONSTRAINT fk_summons_rating_user REFERENCES app_user (id),
        rated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_summons_rating PRIMARY KEY (summons_id, department_code),
        -- only a summoned department can be rated
        CONSTRAINT fk_summons_rating_response FOREIGN KEY (summons_id, department_code)
          REFERENCES summons_response (summons_id, department_code)
      )`);
    await q.query(`CREATE INDEX ix_summons_rating_department ON summons_rating (department_code, rated_at)`);

    await q.query(`
      CREATE TABLE joint_action (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL CONSTRAINT fk_joint_action_assignment REFERENCES assignment (id),
        lead_department_code text NOT NULL CONSTRAINT fk_joint_action_lead REFERENCES organisation (code),
        street_code text NOT NULL CONSTRAINT fk_joint_action_street REFERENCES organisation (code),
        scheduled_at timestamptz NOT NULL,
        place text NOT NULL,
        plan text NOT NULL,
        state text NOT NULL CONSTRAINT ck_joint_action_state
          CHECK (state IN ('scheduled', 'confirmed', 'reschedule_requested', 'completed')),
        attending boolean,
        confirm_reason text,
        confirmed_at timestamptz,
        confirmed_by uuid CONSTRAINT fk_joint_action_confirmer REFERENCES app_user (id),
        cases_opened integer CONSTRAINT ck_joint_action_cases CHECK (cases_opened >= 0),
        measures text[],
        outcome_note text,
        outcome_at timestamptz,
        outcome_by uuid CONSTRAINT fk_joint_action_outcome_user REFERENCES app_user (id),
        created_by uuid NOT NULL CONSTRAINT fk_joint_action_creator REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_joint_action_outcome CHECK ((state = 'completed') = (outcome_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_joint_action_lead_created ON joint_action (lead_department_code, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_joint_action_street_created ON joint_action (street_code, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX ix_joint_action_created ON joint_action (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_joint_action_assignment ON joint_action (assignment_id, created_at DESC)`);
    // one live action per assignment: a second schedule waits until the street asked to reschedule
    await q.query(
      `CREATE UNIQUE INDEX uq_joint_action_live ON joint_action (assignment_id) WHERE state IN ('scheduled', 'confirmed')`,
    );

    await q.query(`ALTER TABLE deadline ALTER COLUMN assignment_id DROP NOT NULL`);
    await q.query(`
      ALTER TABLE deadline
        ADD COLUMN summons_response_id uuid CONSTRAINT fk_deadline_summons_response REFERENCES summons_response (id),
        ADD COLUMN joint_action_id uuid CONSTRAINT fk_deadline_joint_action REFERENCES joint_action (id),
        ADD CONSTRAINT ck_deadline_one_subject CHECK (num_nonnulls(assignment_id, summons_response_id, joint_action_id) = 1),
        ADD CONSTRAINT uq_deadline_summons_response_kind UNIQUE (summons_response_id, kind),
        ADD CONSTRAINT uq_deadline_joint_action_kind UNIQUE (joint_action_id, kind),
        DROP CONSTRAINT ck_deadline_kind,
        ADD CONSTRAINT ck_deadline_kind CHECK (kind IN ('signoff', 'review', 'arbitration', 'completion',
                                                        'summons', 'joint_confirm', 'joint_outcome'))`);
    await q.query(`ALTER TABLE supervision_item ALTER COLUMN assignment_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM supervision_item WHERE assignment_id IS NULL`);
    await q.query(`ALTER TABLE supervision_item ALTER COLUMN assignment_id SET NOT NULL`);
    await q.query(
      `DELETE FROM escalation_step WHERE deadline_id IN (SELECT id FROM deadline WHERE assignment_id IS NULL)`,
    );
    await q.query(`DELETE FROM deadline WHERE assignment_id IS NULL`);
    await q.query(`
      ALTER TABLE deadline
        DROP CONSTRAINT ck_deadline_kind,
        ADD CONSTRAINT ck_deadline_kind CHECK (kind IN ('signoff', 'review', 'arbitration', 'completion')),
        DROP CONSTRAINT ck_deadline_one_subject,
        DROP COLUMN summons_response_id,
        DROP COLUMN joint_action_id,
        ALTER COLUMN assignment_id SET NOT NULL`);
    for (const t of ['joint_action', 'summons_rating', 'summons_response', 'summons'])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

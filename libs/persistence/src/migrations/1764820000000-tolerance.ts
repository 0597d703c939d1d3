import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fault tolerance (容错纠错): the tolerance list, editable by supervisors, and the claims an
 * organisation files against its own overdue deadline, supervision item or lost dispute.
 *
 * - An item a claim cites is never deleted: a list replacement that leaves it out retires it
 *   (`retired_at`), so the claim keeps its item and the item is no longer offered.
 * - A claim keeps the item's text and verdict as they were when it was filed, so later edits of
 *   the list do not rewrite the history.
 * - One claim per target, whatever its outcome (`uq_tolerance_claim_target`): concurrent second
 *   claims lose on the constraint.
 * - `assignment_id` (the target's assignment, when it has one) only links the claim into the
 *   assignment's timeline; no foreign key, since targets of other kinds (summons responses, joint
 *   actions) have none.
 */
export class Tolerance1764820000000 implements MigrationInterface {
  name = 'Tolerance1764820000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tolerance_item (
        code text PRIMARY KEY CONSTRAINT ck_tolerance_item_code CHECK (code ~ '^[A-Z][A-Z0-9_]{1,39}$'),
        text_zh text NOT NULL,
        text_en text NOT NULL,
        tolerable boolean NOT NULL,
        position integer NOT NULL,
        retired_at timestamptz,
        updated_by uuid CONSTRAINT fk_tolerance_item_updater REFERENCES app_user (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE tolerance_claim (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        target_kind text NOT NULL CONSTRAINT ck_tolerance_claim_target_kind CHECK (target_kind IN ('deadline', 'supervision_item', 'dispute')),
        target_id uuid NOT NULL,
        org_code text NOT NULL CONSTRAINT fk_tolerance_claim_org REFERENCES organisation (code),
        assignment_id uuid,
        item_code text NOT NULL CONSTRAINT fk_tolerance_claim_item REFERENCES tolerance_item (code),
        item_text_zh text NOT NULL,
        item_text_en text NOT NULL,
        explanation text NOT NULL,
        evidence text,
        state text NOT NULL CONSTRAINT ck_tolerance_claim_state CHECK (state IN ('pending', 'granted', 'refused')),
        arose_at timestamptz NOT NULL,
        window_ends_at timestamptz NOT NULL,
        filed_at timestamptz NOT NULL,
        filed_by uuid NOT NULL CONSTRAINT fk_tolerance_claim_filer REFERENCES app_user (id),
        decided_at timestamptz,
        decided_by uuid CONSTRAINT fk_tolerance_claim_decider REFERENCES app_user (id),
        note text,
        CONSTRAINT uq_tolerance_claim_target UNIQUE (target_kind, target_id),
        CONSTRAINT ck_tolerance_claim_decided CHECK ((state = 'pending') = (decided_at IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_tolerance_claim_state_filed ON tolerance_claim (state, filed_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_tolerance_claim_org_filed ON tolerance_claim (org_code, filed_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_tolerance_claim_assignment ON tolerance_claim (assignment_id) WHERE assignment_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX ix_tolerance_claim_item ON tolerance_claim (item_code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS tolerance_claim`);
    await q.query(`DROP TABLE IF EXISTS tolerance_item`);
  }
}

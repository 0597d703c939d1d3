import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The street workflow: deadlines with their escalation steps, supervision items, disputes,
 * extensions, notifications and webhooks, calendar overrides, and delayed outbox messages.
 */
export class StreetWorkflow1764300000000 implements MigrationInterface {
  name = 'StreetWorkflow1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE assignment
        ADD COLUMN matter_code_override text,
        ADD COLUMN result text,
        ADD COLUMN rating smallint CONSTRAINT ck_assignment_rating CHECK (rating BETWEEN 1 AND 5),
        ADD COLUMN rating_comment text`);
    await q.query(`ALTER TABLE outbox ADD COLUMN run_at timestamptz`);

    await q.query(`
      CREATE TABLE deadline (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL CONSTRAINT fk_deadline_assignment REFERENCES assignment (id),
        kind text NOT NULL CONSTRAINT ck_deadline_kind CHECK (kind IN ('signoff', 'review', 'arbitration', 'completion')),
        owner_org text NOT NULL CONSTRAINT fk_deadline_owner REFERENCES organisation (code),
        state text NOT NULL CONSTRAINT ck_deadline_state CHECK (state IN ('open', 'paused', 'met', 'cancelled')),
        starts_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        remaining_ms bigint,
        met_at timestamptz,
        overdue_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_deadline_assignment_kind UNIQUE (assignment_id, kind),
        CONSTRAINT ck_deadline_paused CHECK ((state = 'paused') = (remaining_ms IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_deadline_open_due ON deadline (due_at, id) WHERE state = 'open'`);
    await q.query(`CREATE INDEX ix_deadline_owner_open ON deadline (owner_org, due_at) WHERE state = 'open'`);

    await q.query(`
      CREATE TABLE escalation_step (
        deadline_id uuid NOT NULL CONSTRAINT fk_escalation_step_deadline REFERENCES deadline (id),
        step text NOT NULL CONSTRAINT ck_escalation_step CHECK (step IN ('remind', 'urge', 'supervise', 'notice')),
        fire_at timestamptz NOT NULL,
        fired_at timestamptz,
        CONSTRAINT pk_escalation_step PRIMARY KEY (deadline_id, step)
      )`);
    await q.query(
      `CREATE INDEX ix_escalation_step_pending ON escalation_step (fire_at) WHERE fired_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE supervision_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        deadline_id uuid NOT NULL CONSTRAINT uq_supervision_item_deadline UNIQUE CONSTRAINT fk_supervision_item_deadline REFERENCES deadline (id),
        assignment_id uuid NOT NULL CONSTRAINT fk_supervision_item_assignment REFERENCES assignment (id),
        kind text NOT NULL,
        org_code text NOT NULL CONSTRAINT fk_supervision_item_org REFERENCES organisation (code),
        created_at timestamptz NOT NULL,
        in_notice_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_supervision_item_org ON supervision_item (org_code, created_at DESC)`);

    await q.query(`
      CREATE TABLE dispute (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL CONSTRAINT fk_dispute_assignment REFERENCES assignment (id),
        street_code text NOT NULL CONSTRAINT fk_dispute_street REFERENCES organisation (code),
        department_code text NOT NULL CONSTRAINT fk_dispute_department REFERENCES organisation (code),
        reason_code text NOT NULL,
        cited_matter_code text,
        reason text NOT NULL,
        state text NOT NULL CONSTRAINT ck_dispute_state CHECK (state IN ('open', 'decided')),
        upheld text CONSTRAINT ck_dispute_upheld CHECK (upheld IN ('street', 'department')),
        note text,
        decided_by uuid CONSTRAINT fk_dispute_decider REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_dispute_state_created ON dispute (state, created_at DESC, id DESC)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_dispute_open_per_assignment ON dispute (assignment_id) WHERE state = 'open'`,
    );

    await q.query(`
      CREATE TABLE extension (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL CONSTRAINT fk_extension_assignment REFERENCES assignment (id),
        working_days integer NOT NULL CONSTRAINT ck_extension_days CHECK (working_days > 0),
        reason text NOT NULL,
        state text NOT NULL CONSTRAINT ck_extension_state CHECK (state IN ('pending', 'approved', 'rejected')),
        decided_by uuid CONSTRAINT fk_extension_decider REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX uq_extension_pending_per_assignment ON extension (assignment_id) WHERE state = 'pending'`,
    );

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code text NOT NULL CONSTRAINT fk_notification_org REFERENCES organisation (code),
        kind text NOT NULL,
        assignment_id uuid,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await q.query(
      `CREATE INDEX ix_notification_org_created ON notification (org_code, created_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_notification_org_unread ON notification (org_code, created_at DESC, id DESC) WHERE read_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE webhook (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        org_code text NOT NULL CONSTRAINT fk_webhook_org REFERENCES organisation (code),
        url text NOT NULL,
        secret text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_webhook_org ON webhook (org_code) WHERE active`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id uuid NOT NULL CONSTRAINT fk_webhook_delivery_webhook REFERENCES webhook (id),
        notification_id uuid NOT NULL CONSTRAINT fk_webhook_delivery_notification REFERENCES notification (id),
        state text NOT NULL CONSTRAINT ck_webhook_delivery_state CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        response_status integer,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        CONSTRAINT uq_webhook_delivery UNIQUE (webhook_id, notification_id)
      )`);
    await q.query(
      `CREATE INDEX ix_webhook_delivery_webhook ON webhook_delivery (webhook_id, created_at DESC)`,
    );

    await q.query(`
      CREATE TABLE calendar_override (
        date date PRIMARY KEY,
        workday boolean NOT NULL,
        note text NOT NULL,
        updated_by uuid CONSTRAINT fk_calendar_override_user REFERENCES app_user (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'calendar_override',
      'webhook_delivery',
      'webhook',
      'notification',
      'extension',
      'dispute',
      'supervision_item',
      'escalation_step',
      'deadline',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE outbox DROP COLUMN run_at`);
    await q.query(
      `ALTER TABLE assignment DROP COLUMN matter_code_override, DROP COLUMN result, DROP COLUMN rating, DROP COLUMN rating_comment`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The routing foundation: organisations, users, list versions with matters and rules, tasks and
 * their per-street assignments, routing decisions, the audit chain, the outbox and idempotency keys.
 */
export class Foundation1764200000000 implements MigrationInterface {
  name = 'Foundation1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE organisation (
        code text PRIMARY KEY,
        name text NOT NULL,
        name_en text,
        kind text NOT NULL CONSTRAINT ck_organisation_kind CHECK (kind IN ('department', 'street', 'authority')),
        district_code text,
        district_name text,
        holds_penalty_power boolean NOT NULL DEFAULT false,
        population_wan numeric(8, 2),
        area_km2 numeric(9, 2),
        authorised_posts integer,
        admin_posts integer,
        institutional_posts integer,
        actual_staff integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_organisation_street_district CHECK (kind <> 'street' OR district_code IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX ix_organisation_kind_district ON organisation (kind, district_code)`);

    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL CONSTRAINT uq_app_user_username UNIQUE,
        password_hash text NOT NULL,
        roles text[] NOT NULL,
        org_code text NOT NULL CONSTRAINT fk_app_user_org REFERENCES organisation (code),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE list_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version text NOT NULL CONSTRAINT uq_list_version_version UNIQUE,
        status text NOT NULL CONSTRAINT ck_list_version_status CHECK (status IN ('draft', 'published')),
        effective_from date NOT NULL,
        created_by uuid CONSTRAINT fk_list_version_creator REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT ck_list_version_published_at CHECK ((status = 'published') = (published_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_list_version_in_force ON list_version (effective_from DESC, published_at DESC) WHERE status = 'published'`,
    );

    await q.query(`
      CREATE TABLE matter (
        list_version_id uuid NOT NULL CONSTRAINT fk_matter_list_version REFERENCES list_version (id) ON DELETE CASCADE,
        code text NOT NULL,
        category text NOT NULL,
        name text NOT NULL,
        mode text NOT NULL,
        principal_dept_code text NOT NULL,
        principal_dept text NOT NULL,
        principal_duties text NOT NULL,
        supporting_units text[] NOT NULL,
        street_supporting_duties text[] NOT NULL,
        legal_basis text NOT NULL,
        delegable_to_street text NOT NULL,
        street_enforcement_power text NOT NULL,
        street_power_subjects text[] NOT NULL,
        enforcement_note text NOT NULL,
        source text NOT NULL,
        source_ref text NOT NULL,
        note text NOT NULL,
        CONSTRAINT pk_matter PRIMARY KEY (list_version_id, code)
      )`);
    await q.query(`CREATE INDEX ix_matter_category ON matter (list_version_id, category)`);
    await q.query(`CREATE INDEX ix_matter_name_trgm ON matter USING gin (name gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE routing_rule (
        list_version_id uuid NOT NULL CONSTRAINT fk_routing_rule_list_version REFERENCES list_version (id) ON DELETE CASCADE,
        position integer NOT NULL,
        rule_id text NOT NULL,
        description text NOT NULL,
        condition jsonb NOT NULL,
        outcome text NOT NULL,
        reason jsonb NOT NULL,
        CONSTRAINT pk_routing_rule PRIMARY KEY (list_version_id, position),
        CONSTRAINT uq_routing_rule_id UNIQUE (list_version_id, rule_id)
      )`);

    await q.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY,
        submitter_code text NOT NULL CONSTRAINT fk_task_submitter REFERENCES organisation (code),
        created_by uuid NOT NULL CONSTRAINT fk_task_creator REFERENCES app_user (id),
        title text NOT NULL,
        description text NOT NULL,
        matter_code text,
        action_type text NOT NULL,
        enforcement_subject text,
        resources jsonb,
        temporary boolean NOT NULL,
        deadline_working_days integer,
        due_at timestamptz NOT NULL,
        urgent boolean NOT NULL,
        demands text[] NOT NULL,
        legal_basis text,
        list_version_id uuid NOT NULL CONSTRAINT fk_task_list_version REFERENCES list_version (id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_task_submitter_created ON task (submitter_code, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX ix_task_created ON task (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE assignment (
        id uuid PRIMARY KEY,
        task_id uuid NOT NULL CONSTRAINT fk_assignment_task REFERENCES task (id),
        street_code text NOT NULL CONSTRAINT fk_assignment_street REFERENCES organisation (code),
        state text NOT NULL,
        role text CONSTRAINT ck_assignment_role CHECK (role IN ('lead', 'support', 'joint')),
        version integer NOT NULL DEFAULT 1,
        routing_round integer NOT NULL DEFAULT 1,
        sign_due_at timestamptz,
        due_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_assignment_task_street UNIQUE (task_id, street_code)
      )`);
    await q.query(
      `CREATE INDEX ix_assignment_street_created ON assignment (street_code, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX ix_assignment_state_created ON assignment (state, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_assignment_created ON assignment (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX ix_assignment_pending ON assignment (updated_at) WHERE state = 'pending_routing'`,
    );

    await q.query(`
      CREATE TABLE decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL CONSTRAINT fk_decision_assignment REFERENCES assignment (id),
        routing_round integer NOT NULL,
        outcome text NOT NULL,
        role text,
        rule_id text NOT NULL,
        list_version_id uuid NOT NULL CONSTRAINT fk_decision_list_version REFERENCES list_version (id),
        list_version text NOT NULL,
        inputs jsonb NOT NULL,
        reason text NOT NULL,
        reason_en text NOT NULL,
        stripped_demands text[] NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_decision_assignment_round UNIQUE (assignment_id, routing_round)
      )`);

    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        aggregate_type text NOT NULL,
        aggregate_id text NOT NULL,
        seq integer NOT NULL,
        action text NOT NULL,
        actor_id uuid,
        actor_org text,
        from_state text,
        to_state text,
        payload jsonb NOT NULL,
        prev_hash text,
        hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_audit_event_aggregate_seq UNIQUE (aggregate_type, aggregate_id, seq)
      )`);

    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        queue text NOT NULL,
        job_name text NOT NULL,
        job_id text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz
      )`);
    await q.query(`CREATE INDEX ix_outbox_undispatched ON outbox (id) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE idempotency_key (
        org_code text NOT NULL CONSTRAINT fk_idempotency_org REFERENCES organisation (code),
        key text NOT NULL,
        request_hash text NOT NULL,
        -- deferred: the key row is written first, so that concurrent replays queue up on it
        task_id uuid NOT NULL CONSTRAINT fk_idempotency_task REFERENCES task (id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_idempotency_key PRIMARY KEY (org_code, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'idempotency_key',
      'outbox',
      'audit_event',
      'decision',
      'assignment',
      'task',
      'routing_rule',
      'matter',
      'list_version',
      'app_user',
      'organisation',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}

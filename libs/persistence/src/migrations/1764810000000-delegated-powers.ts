import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delegated enforcement powers (赋权事项): the catalogue, one per list version (published with
 * it, immutable with it), and the enforcement cases streets record under the powers they hold.
 * List versions that exist already get the catalogue derived from their matters, as an import
 * without a powers sheet does (libs/domain `derivePowers`: one power per matter whose street power
 * is `full`/`partial` and per subject it names, held by every street with delegated powers).
 */
export class DelegatedPowers1764810000000 implements MigrationInterface {
  name = 'DelegatedPowers1764810000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE delegated_power (
        list_version_id uuid NOT NULL CONSTRAINT fk_delegated_power_list_version REFERENCES list_version (id) ON DELETE CASCADE,
        code text NOT NULL,
        name text NOT NULL,
        legal_basis text NOT NULL,
        matter_code text NOT NULL,
        subjects text[] NOT NULL CONSTRAINT ck_delegated_power_subjects
          CHECK (cardinality(subjects) >= 1 AND subjects <@ ARRAY['individual', 'organization']),
        -- NULL: every street holding delegated penalty powers (organisation.holds_penalty_power)
        street_codes text[],
        CONSTRAINT pk_delegated_power PRIMARY KEY (list_version_id, code),
        CONSTRAINT fk_delegated_power_matter FOREIGN KEY (list_version_id, matter_code)
          REFERENCES matter (list_version_id, code) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE enforcement_case (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        street_code text NOT NULL CONSTRAINT fk_enforcement_case_street REFERENCES organisation (code),
        -- the catalogue the case was checked against: the version in force when it was recorded
        list_version_id uuid NOT NULL,
        power_code text NOT NULL,
        subject text NOT NULL CONSTRAINT ck_enforcement_case_subject CHECK (subject IN ('individual', 'organization')),
        measure text NOT NULL CONSTRAINT ck_enforcement_case_measure
          CHECK (measure IN ('persuasion', 'rectification_notice', 'penalty', 'transferred')),
        amount_yuan numeric(12, 2),
        occurred_on date NOT NULL,
        note text,
        created_by uuid NOT NULL CONSTRAINT fk_enforcement_case_creator REFERENCES app_user (id),
        created_at timestamptz NOT NULL,
        CONSTRAINT fk_enforcement_case_power FOREIGN KEY (list_version_id, power_code)
          REFERENCES delegated_power (list_version_id, code),
        CONSTRAINT ck_enforcement_case_amount
          CHECK ((measure = 'penalty') = (amount_yuan IS NOT NULL) AND (amount_yuan IS NULL OR amount_yuan > 0))
      )`);
    // The street's own list (newest first) and the report's scan of a period.
    await q.query(
      `CREATE INDEX ix_enforcement_case_street_created ON enforcement_case (street_code, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX ix_enforcement_case_created ON enforcement_case (created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX ix_enforcement_case_occurred ON enforcement_case (occurred_on, power_code, street_code)`,
    );

    await q.query(`
      INSERT INTO delegated_power (list_version_id, code, name, legal_basis, matter_code, subjects, street_codes)
      SELECT m.list_version_id, m.code || '-' || CASE s WHEN 'individual' THEN 'I' ELSE 'O' END,
             m.name || CASE s WHEN 'individual' THEN '(个人)' ELSE '(单位)' END,
             m.legal_basis, m.code, ARRAY[s], NULL
        FROM matter m CROSS JOIN LATERAL unnest(m.street_power_subjects) AS s
       WHERE m.street_enforcement_power IN ('full', 'partial') AND s IN ('individual', 'organization')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS enforcement_case`);
    await q.query(`DROP TABLE IF EXISTS delegated_power`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The administrators get an organisation of their own (issue 10): a fourth organisation kind,
 * `system`, and the system administration `SYS` (系统管理). Until now the seeded `admin` belonged
 * to the 编办 (WBB), so it read the 编办's inbox and its actions were attributed to the 编办.
 * Every user holding the `admin` role moves to SYS; their token version is bumped, so a token that
 * still names the old organisation stops working and the next login carries SYS. Events already
 * written keep the organisation they were written with (the audit trail is not rewritten).
 */
export class SystemAdminOrg1764950000000 implements MigrationInterface {
  name = 'SystemAdminOrg1764950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation DROP CONSTRAINT ck_organisation_kind`);
    await q.query(
      `ALTER TABLE organisation ADD CONSTRAINT ck_organisation_kind CHECK (kind IN ('department', 'street', 'authority', 'system'))`,
    );
    await q.query(
      `INSERT INTO organisation (code, name, name_en, kind, holds_penalty_power, created_at)
       VALUES ('SYS', '系统管理', 'System administration', 'system', false, now())
       ON CONFLICT (code) DO NOTHING`,
    );
    await q.query(
      `UPDATE app_user SET org_code = 'SYS', token_version = token_version + 1, updated_at = now()
        WHERE 'admin' = ANY (roles) AND org_code <> 'SYS'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The administrators go back to the 编办, as before; the organisation and the kind go.
    await q.query(
      `UPDATE app_user SET org_code = 'WBB', token_version = token_version + 1, updated_at = now()
        WHERE org_code IN (SELECT code FROM organisation WHERE kind = 'system')`,
    );
    await q.query(`DELETE FROM organisation WHERE kind = 'system'`);
    await q.query(`ALTER TABLE organisation DROP CONSTRAINT ck_organisation_kind`);
    await q.query(
      `ALTER TABLE organisation ADD CONSTRAINT ck_organisation_kind CHECK (kind IN ('department', 'street', 'authority'))`,
    );
  }
}

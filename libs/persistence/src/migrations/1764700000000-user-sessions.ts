import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * User administration and revocable sessions. `token_version` is copied into every token at login;
 * deactivating a user, changing its role or resetting its password increments it, and the API
 * refuses tokens carrying an older one. Usernames become unique case-insensitively (logins and the
 * throttle treat `zjj` and `ZJJ` as one name). `updated_at` dates the last administrative change.
 */
export class UserSessions1764700000000 implements MigrationInterface {
  name = 'UserSessions1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user ADD COLUMN token_version integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE app_user ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(`CREATE UNIQUE INDEX uq_app_user_username_ci ON app_user (lower(username))`);
    // The admin's user list: newest first, optionally per organisation (keyset on created_at, id).
    await q.query(`CREATE INDEX ix_app_user_org_created ON app_user (org_code, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ix_app_user_created ON app_user (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_app_user_created`);
    await q.query(`DROP INDEX IF EXISTS ix_app_user_org_created`);
    await q.query(`DROP INDEX IF EXISTS uq_app_user_username_ci`);
    await q.query(`ALTER TABLE app_user DROP COLUMN IF EXISTS updated_at`);
    await q.query(`ALTER TABLE app_user DROP COLUMN IF EXISTS token_version`);
  }
}

import type { Tx } from '../tx';

export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  roles: string[];
  orgCode: string;
  active: boolean;
}

export class UserRepository {
  async findByUsername(tx: Tx, username: string): Promise<UserRow | null> {
    const rows = await tx.query(
      `SELECT id, username, password_hash AS "passwordHash", roles, org_code AS "orgCode", active FROM app_user WHERE username = $1`,
      [username],
    );
    return rows[0] ?? null;
  }

  /** Creates the user unless it exists; an existing user (and its password) is left as it is. */
  async insertIfMissing(tx: Tx, u: Omit<UserRow, 'id' | 'active'>): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO app_user (username, password_hash, roles, org_code) VALUES ($1, $2, $3, $4)
       ON CONFLICT (username) DO NOTHING RETURNING id`,
      [u.username, u.passwordHash, u.roles, u.orgCode],
    );
    return rows.length > 0;
  }

  async usernames(tx: Tx): Promise<Set<string>> {
    const rows: { username: string }[] = await tx.query(`SELECT username FROM app_user`);
    return new Set(rows.map((r) => r.username));
  }
}

import type { Clock } from '@app/domain';
import type { UserAccount } from '@app/contract';
import type { Cursor } from '../pagination';
import { bind, isoTime, keysetPage, type Params } from '../sql';
import { updateReturning, type Tx } from '../tx';

export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  roles: string[];
  orgCode: string;
  active: boolean;
  tokenVersion: number;
}

/** A user as the administration shows it: never the password hash (libs/contract). */
export type UserView = UserAccount;

/** What a request needs to know about its user: still active, and which token version is current. */
export interface UserSessionState {
  active: boolean;
  tokenVersion: number;
}

const VIEW = `id, username, org_code AS "orgCode", roles, active, ${isoTime('created_at')} AS "createdAt", ${isoTime('updated_at')} AS "updatedAt"`;

export class UserRepository {
  constructor(private readonly clock: Clock) {}

  async findByUsername(tx: Tx, username: string): Promise<UserRow | null> {
    const rows = await tx.query(
      `SELECT id, username, password_hash AS "passwordHash", roles, org_code AS "orgCode", active,
              token_version AS "tokenVersion"
         FROM app_user WHERE username = $1`,
      [username],
    );
    return rows[0] ?? null;
  }

  /** Creates the user unless it exists; an existing user (and its password) is left as it is. */
  async insertIfMissing(tx: Tx, u: Omit<UserRow, 'id' | 'active' | 'tokenVersion'>): Promise<boolean> {
    const rows = await tx.query(
      `INSERT INTO app_user (username, password_hash, roles, org_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT DO NOTHING RETURNING id`,
      [u.username, u.passwordHash, u.roles, u.orgCode, this.clock.now()],
    );
    return rows.length > 0;
  }

  async usernames(tx: Tx): Promise<Set<string>> {
    const rows: { username: string }[] = await tx.query(`SELECT username FROM app_user`);
    return new Set(rows.map((r) => r.username));
  }

  async sessionState(tx: Tx, id: string): Promise<UserSessionState | null> {
    const rows = await tx.query(
      `SELECT active, token_version AS "tokenVersion" FROM app_user WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Users newest first, optionally of one organisation; `limit + 1` rows (see pageOf). */
  list(tx: Tx, f: { orgCode?: string; cursor?: Cursor; limit: number }): Promise<UserView[]> {
    const params: Params = [];
    const conds: string[] = [];
    if (f.orgCode) conds.push(`org_code = ${bind(params, f.orgCode)}`);
    const page = keysetPage({ time: 'created_at', id: 'id' }, f, params);
    return tx.query(
      `SELECT ${VIEW} FROM app_user WHERE ${[...conds, page.after].join(' AND ')} ${page.orderLimit}`,
      params,
    );
  }

  /** The user, its row locked for the rest of the transaction. */
  async lock(tx: Tx, id: string): Promise<(UserView & { tokenVersion: number }) | null> {
    const rows = await tx.query(
      `SELECT ${VIEW}, token_version AS "tokenVersion" FROM app_user WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A new user; null when the username is taken (case-insensitively). */
  async create(
    tx: Tx,
    u: { username: string; passwordHash: string; roles: string[]; orgCode: string },
  ): Promise<UserView | null> {
    const rows = await tx.query(
      `INSERT INTO app_user (username, password_hash, roles, org_code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT DO NOTHING RETURNING ${VIEW}`,
      [u.username, u.passwordHash, u.roles, u.orgCode, this.clock.now()],
    );
    return rows[0] ?? null;
  }

  /**
   * Replaces a password hash by one of the same password at another cost, unless the hash changed
   * meanwhile (a reset wins). Not an administrative change: sessions and the token version stay.
   */
  async rehash(tx: Tx, id: string, from: string, to: string): Promise<void> {
    await tx.query(`UPDATE app_user SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, [
      id,
      from,
      to,
    ]);
  }

  /** Applies an administrative change and moves the token version on, so older tokens stop working. */
  async update(
    tx: Tx,
    id: string,
    change: { active?: boolean; roles?: string[]; passwordHash?: string },
  ): Promise<UserView> {
    const params: Params = [id];
    const sets = ['token_version = token_version + 1', `updated_at = ${bind(params, this.clock.now())}`];
    if (change.active !== undefined) sets.push(`active = ${bind(params, change.active)}`);
    if (change.roles !== undefined) sets.push(`roles = ${bind(params, change.roles)}`);
    if (change.passwordHash !== undefined) sets.push(`password_hash = ${bind(params, change.passwordHash)}`);
    const rows = await updateReturning<UserView>(
      tx,
      `UPDATE app_user SET ${sets.join(', ')} WHERE id = $1 RETURNING ${VIEW}`,
      params,
    );
    return rows[0];
  }
}

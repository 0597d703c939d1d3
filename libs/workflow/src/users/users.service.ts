import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NewUserBody, UserChangeBody, UserPage } from '@app/contract';
import {
  DomainError,
  passwordProblems,
  ROLES_FOR_ORG_KIND,
  validationError,
  type ErrorDetail,
  type UserRole,
} from '@app/domain';
import {
  AuditRepository,
  OrganisationRepository,
  pageOf,
  UserRepository,
  type UserView,
} from '@app/persistence';
import { actorEvent, type Actor } from '../actor';
import { parseCursor } from '../pagination';
import { PasswordHasher } from '../auth/password-hasher';
import { SessionService } from './session.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type NewUser = NewUserBody;

export type UserChange = UserChangeBody;

/**
 * User administration (admin only): accounts are created, deactivated and reactivated, their role
 * changed and their password reset. Every change is audited (never the password) and moves the
 * user's token version on, so tokens issued before stop working within AUTH_USER_CACHE_MS.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly orgs: OrganisationRepository,
    private readonly audit: AuditRepository,
    private readonly sessions: SessionService,
    private readonly passwords: PasswordHasher,
  ) {}

  async list(actor: Actor, q: { orgCode?: string; cursor?: string; limit: number }): Promise<UserPage> {
    this.requireAdmin(actor);
    const cursor = parseCursor(q.cursor);
    if (q.orgCode && !(await this.orgs.find(this.dataSource.manager, q.orgCode)))
      throw validationError([{ field: 'orgCode', reason: 'unknown_org' }]);
    const rows = await this.users.list(this.dataSource.manager, {
      orgCode: q.orgCode,
      cursor,
      limit: q.limit,
    });
    return pageOf(rows, q.limit);
  }

  async create(actor: Actor, u: NewUser): Promise<UserView> {
    this.requireAdmin(actor);
    const bad: ErrorDetail[] = [];
    const org = await this.orgs.find(this.dataSource.manager, u.orgCode);
    if (!org) bad.push({ field: 'orgCode', reason: 'unknown_org' });
    else bad.push(...this.roleProblems(u.role, org.kind));
    bad.push(...passwordProblems(u.password, u.username));
    if (bad.length) throw validationError(bad);
    const passwordHash = await this.passwords.hash(u.password);
    return this.dataSource.transaction(async (tx) => {
      const user = await this.users.create(tx, {
        username: u.username,
        passwordHash,
        roles: [u.role],
        orgCode: u.orgCode,
      });
      if (!user) throw new DomainError('USERNAME_TAKEN', [{ field: 'username', reason: 'username_taken' }]);
      await this.audit.append(
        tx,
        [
          actorEvent(actor, 'user', user.id, 'user_created', null, 'active', {
            username: user.username,
            orgCode: user.orgCode,
            role: u.role,
          }),
        ],
        { newAggregates: true },
      );
      return user;
    });
  }

  async change(actor: Actor, id: string, c: UserChange): Promise<UserView> {
    this.requireAdmin(actor);
    if (c.active === undefined && c.role === undefined && c.password === undefined)
      throw validationError([{ reason: 'nothing_to_change' }]);
    if (!UUID.test(id)) throw new DomainError('NOT_FOUND');
    // Hashing is slow: done before the row is locked, and only for a password worth hashing.
    const current = await this.users.lock(this.dataSource.manager, id);
    if (!current) throw new DomainError('NOT_FOUND');
    const bad: ErrorDetail[] = [];
    if (c.password !== undefined) bad.push(...passwordProblems(c.password, current.username));
    if (c.role !== undefined) {
      const org = (await this.orgs.find(this.dataSource.manager, current.orgCode))!;
      bad.push(...this.roleProblems(c.role, org.kind));
    }
    // An admin who locks itself out leaves nobody to undo it.
    if (id === actor.userId && (c.active === false || (c.role !== undefined && c.role !== 'admin')))
      bad.push({ field: c.active === false ? 'active' : 'role', reason: 'own_account' });
    if (bad.length) throw validationError(bad);
    const passwordHash = c.password !== undefined ? await this.passwords.hash(c.password) : undefined;

    const updated = await this.dataSource.transaction(async (tx) => {
      const before = await this.users.lock(tx, id);
      if (!before) throw new DomainError('NOT_FOUND');
      const events = [];
      const change: { active?: boolean; roles?: string[]; passwordHash?: string } = {};
      if (c.active !== undefined && c.active !== before.active) {
        change.active = c.active;
        events.push(
          actorEvent(
            actor,
            'user',
            id,
            c.active ? 'user_reactivated' : 'user_deactivated',
            before.active ? 'active' : 'inactive',
            c.active ? 'active' : 'inactive',
            { username: before.username },
          ),
        );
      }
      if (c.role !== undefined && !(before.roles.length === 1 && before.roles[0] === c.role)) {
        change.roles = [c.role];
        events.push(
          actorEvent(actor, 'user', id, 'user_role_changed', null, null, {
            username: before.username,
            from: before.roles,
            to: [c.role],
          }),
        );
      }
      if (passwordHash !== undefined) {
        change.passwordHash = passwordHash;
        events.push(
          actorEvent(actor, 'user', id, 'user_password_reset', null, null, { username: before.username }),
        );
      }
      // Setting what is already so changes nothing and keeps the user's sessions.
      if (events.length === 0) return before;
      const after = await this.users.update(tx, id, change);
      await this.audit.append(tx, events);
      return after;
    });
    this.sessions.forget(id);
    return this.view(updated);
  }

  private view(u: UserView & { tokenVersion?: number }): UserView {
    const { id, username, orgCode, roles, active, createdAt, updatedAt } = u;
    return { id, username, orgCode, roles, active, createdAt, updatedAt };
  }

  private roleProblems(role: UserRole, kind: keyof typeof ROLES_FOR_ORG_KIND): ErrorDetail[] {
    const allowed = ROLES_FOR_ORG_KIND[kind];
    return allowed.includes(role)
      ? []
      : [{ field: 'role', reason: 'role_not_for_org_kind', params: { allowed: allowed.join(', ') } }];
  }

  private requireAdmin(actor: Actor): void {
    if (!actor.roles.includes('admin')) throw new DomainError('FORBIDDEN');
  }
}

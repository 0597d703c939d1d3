import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SessionOrg } from '@app/contract';
import { DomainError } from '@app/domain';
import { OrganisationRepository, UserRepository } from '@app/persistence';
import type { Actor, RoleName } from '../actor';
import { PasswordHasher } from './password-hasher';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly orgs: OrganisationRepository,
    private readonly passwords: PasswordHasher,
  ) {}

  /** Checks the credentials; the same error for an unknown user and a wrong password. */
  async login(
    username: string,
    password: string,
  ): Promise<{ actor: Actor; tokenVersion: number; org: SessionOrg }> {
    const user = await this.users.findByUsername(this.dataSource.manager, username);
    const ok = await this.passwords.verify(user?.passwordHash, password);
    if (!user || !user.active || !ok) throw new DomainError('INVALID_CREDENTIALS');
    // A hash made at an earlier cost setting is replaced now, while the password is at hand: a
    // change of PASSWORD_HASH_* reaches every active user at their next sign-in.
    if (this.passwords.needsRehash(user.passwordHash))
      await this.users.rehash(
        this.dataSource.manager,
        user.id,
        user.passwordHash,
        await this.passwords.hash(password),
      );
    const org = (await this.orgs.find(this.dataSource.manager, user.orgCode))!;
    const actor: Actor = {
      userId: user.id,
      username: user.username,
      orgCode: org.code,
      orgKind: org.kind,
      roles: user.roles as RoleName[],
    };
    return {
      actor,
      tokenVersion: user.tokenVersion,
      org: { code: org.code, name: org.name, kind: org.kind },
    };
  }
}

import type { UserRole } from '@app/domain/users/user-policy';
import type { OrgKind } from './orgs';

/** `POST /api/auth/login`. */
export interface LoginBody {
  username: string;
  password: string;
}

/** The signed-in user's organisation. */
export class SessionOrg {
  code!: string;
  name!: string;
  kind!: OrgKind;
}

export class SessionUser {
  id!: string;
  username!: string;
  roles!: UserRole[];
  org!: SessionOrg;
}

export class LoginResult {
  /** Send as `Authorization: Bearer <accessToken>`. */
  accessToken!: string;
  user!: SessionUser;
}

import type { UserRole } from '@app/domain/users/user-policy';
import type { PageParams } from './common';

/** A user account as the administration sees it: never a password. */
export class UserAccount {
  id!: string;
  username!: string;
  orgCode!: string;
  roles!: UserRole[];
  active!: boolean;
  createdAt!: string;
  updatedAt!: string;
}

export class UserPage {
  items!: UserAccount[];
  nextCursor!: string | null;
}

export interface UserListParams extends PageParams {
  orgCode?: string;
}

/** `POST /api/users`. */
export interface NewUserBody {
  username: string;
  orgCode: string;
  role: UserRole;
  /** At least 12 characters, not the username; checked by the service with a reason. */
  password: string;
}

/** `PATCH /api/users/{id}`: any of the three. */
export interface UserChangeBody {
  active?: boolean;
  role?: UserRole;
  password?: string;
}

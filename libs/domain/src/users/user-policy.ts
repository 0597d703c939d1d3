import type { ErrorDetail } from '../errors/domain-error';

/** The roles a user account can have (one per account). */
export const USER_ROLES = ['department', 'street', 'reviewer', 'supervisor', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export type UserOrgKind = 'department' | 'street' | 'authority' | 'system';

/**
 * Which roles fit an organisation's kind: a street office's users act as the street, a
 * department's as the department; reviewing (编办) and supervising (督查室) belong to the
 * authorities, never to an organisation that is itself a party to tasks. Authorities also push
 * tasks like departments (the seed gives 区委社会工作部 and the other governance bodies that role).
 * Administering belongs to the system administration (`system`, 系统管理) alone, so an
 * administrator has an inbox of its own and its actions are not attributed to the 编办.
 */
export const ROLES_FOR_ORG_KIND: Record<UserOrgKind, readonly UserRole[]> = {
  street: ['street'],
  department: ['department'],
  authority: ['department', 'reviewer', 'supervisor'],
  system: ['admin'],
};

/** The system administration's organisation (kind `system`) the seed and the migration create. */
export const SYSTEM_ORG_CODE = 'SYS';

/** Usernames: 1–64 characters (the login form's bound), letters, digits and `. _ - @`, starting alphanumeric. */
export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * Password policy. 12 characters is what resists offline guessing of an argon2 hash for years
 * without a dictionary word list; 256 is the login form's bound (argon2 cost does not grow with it,
 * but the body stays small). Fewer than 5 distinct characters or a single kind of character
 * (only letters, only digits…) is refused, as is a password containing the username.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** What is wrong with a new password, as error details on `field` (empty when it is acceptable). */
export function passwordProblems(password: string, username: string, field = 'password'): ErrorDetail[] {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH)
    return [{ field, reason: 'password_too_short', params: { min: PASSWORD_MIN_LENGTH } }];
  if (chars.length > PASSWORD_MAX_LENGTH)
    return [{ field, reason: 'maxLength', params: { max: PASSWORD_MAX_LENGTH } }];
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    return [{ field, reason: 'password_contains_username' }];
  const kinds = [/\p{L}/u, /\p{N}/u, /[^\p{L}\p{N}]/u].filter((re) => re.test(password)).length;
  if (new Set(chars).size < 5 || kinds < 2) return [{ field, reason: 'password_too_simple' }];
  return [];
}

import { passwordProblems, ROLES_FOR_ORG_KIND, USERNAME_PATTERN } from './user-policy';

const reasons = (pw: string, user = 'D1-S01') => passwordProblems(pw, user).map((d) => d.reason);

describe('password policy', () => {
  it('accepts the demo password and a passphrase', () => {
    expect(reasons('dutygate-demo')).toEqual([]);
    expect(reasons('街道 报到 2026 春')).toEqual([]);
  });

  it('refuses short, simple and username-bearing passwords with a reason', () => {
    expect(reasons('short-1')).toEqual(['password_too_short']);
    expect(passwordProblems('short-1', 'x')[0]).toMatchObject({ field: 'password', params: { min: 12 } });
    expect(reasons('aaaaaaaaaaaa1')).toEqual(['password_too_simple']);
    expect(reasons('abcdefghijklmn')).toEqual(['password_too_simple']);
    expect(reasons('123456789012')).toEqual(['password_too_simple']);
    expect(reasons('my-d1-s01-password')).toEqual(['password_contains_username']);
    expect(reasons('x'.repeat(300))).toEqual(['maxLength']);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(reasons('😀😀😀😀😀😀1')).toEqual(['password_too_short']);
  });
});

describe('roles and organisation kinds', () => {
  it('keeps street and review, supervision and administration roles apart', () => {
    expect(ROLES_FOR_ORG_KIND.street).toEqual(['street']);
    expect(ROLES_FOR_ORG_KIND.department).toEqual(['department']);
    for (const r of ['reviewer', 'supervisor'] as const) expect(ROLES_FOR_ORG_KIND.authority).toContain(r);
  });

  it("gives administration to the system administration alone (its own inbox, not the 编办's)", () => {
    expect(ROLES_FOR_ORG_KIND.system).toEqual(['admin']);
    for (const kind of ['street', 'department', 'authority'] as const)
      expect(ROLES_FOR_ORG_KIND[kind]).not.toContain('admin');
  });

  it('takes the demo usernames and refuses odd ones', () => {
    for (const ok of ['admin', 'D1-S01', 'ZJJ', 'li.wei@d1']) expect(USERNAME_PATTERN.test(ok)).toBe(true);
    for (const bad of ['', '-x', 'a b', 'x'.repeat(65), 'ä', 'a\u0000'])
      expect(USERNAME_PATTERN.test(bad)).toBe(false);
  });
});

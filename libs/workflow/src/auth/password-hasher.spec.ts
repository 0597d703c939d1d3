import argon2 from 'argon2';
import { loadConfig } from '@app/config';
import { TEST_PASSWORD_HASH } from '../../../../test/support/env';
import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  // The floor the test suite hashes at (m=19456, t=2, p=1).
  const hasher = new PasswordHasher(loadConfig(TEST_PASSWORD_HASH));

  it('hashes with argon2id at the configured cost and checks the password', async () => {
    const hash = await hasher.hash('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    expect(await hasher.verify(hash, 'correct horse battery')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse batterY')).toBe(false);
  });

  it('checks a hash made at another cost by that hash’s own cost (passwords survive a change of setting)', async () => {
    const older = await argon2.hash('from before', {
      type: argon2.argon2id,
      memoryCost: 32_768,
      timeCost: 3,
      parallelism: 2,
    });
    expect(await hasher.verify(older, 'from before')).toBe(true);
  });

  it('answers false for no user, after verifying a dummy hash of the same cost', async () => {
    const spy = jest.spyOn(argon2, 'verify');
    expect(await hasher.verify(undefined, 'anything')).toBe(false);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0][0]).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    spy.mockRestore();
  });
});

import argon2 from 'argon2';
import { loadConfig } from '@app/config';
import { PasswordHasher } from './password-hasher';

describe('PasswordHasher', () => {
  const hasher = new PasswordHasher(
    loadConfig({
      PASSWORD_HASH_MEMORY_KIB: '19456',
      PASSWORD_HASH_TIME_COST: '2',
      PASSWORD_HASH_PARALLELISM: '1',
    }),
  );

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

import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AppConfig } from '@app/config';

/**
 * Password hashing (argon2id) at the configured cost. Every hash is made here (users, resets, the
 * seed), and every check: a check against no user verifies a dummy hash of the same cost, so the
 * answer's timing does not say whether the username exists. The dummy is made on first use, not
 * at start: the worker, which checks no passwords, never pays for it.
 */
@Injectable()
export class PasswordHasher {
  private dummy?: Promise<string>;

  constructor(private readonly config: AppConfig) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.cost() });
  }

  /** Whether a stored hash was made at another cost than the configured one (then login replaces it). */
  needsRehash(hash: string): boolean {
    try {
      return argon2.needsRehash(hash, this.cost());
    } catch {
      return false; // not an argon2 hash this library reads: verify has already refused it
    }
  }

  private cost() {
    return {
      memoryCost: this.config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: this.config.PASSWORD_HASH_TIME_COST,
      parallelism: this.config.PASSWORD_HASH_PARALLELISM,
    };
  }

  /** Whether `password` matches `hash`; with no hash (unknown user), false after the same work. */
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    if (hash !== undefined) return argon2.verify(hash, password);
    this.dummy ??= this.hash('dutygate-timing-equaliser');
    await argon2.verify(await this.dummy, password);
    return false;
  }
}

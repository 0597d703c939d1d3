import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { UserRepository, type UserSessionState } from '@app/persistence';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Entries kept per process: every user of a county (a few thousand) fits; past that the oldest
 * reads are dropped first, which only costs a re-read.
 */
const MAX_ENTRIES = 20_000;

/**
 * Whether a token's user still holds it: active, and the token version signed into the token is
 * the current one. Read from PostgreSQL at most once per user per AUTH_USER_CACHE_MS in each
 * process (so an ordinary request costs no database read), and at once after a change made here.
 */
@Injectable()
export class SessionService {
  /** `at`: the monotonic process time of the read (cache age, not domain time; see NotifyService). */
  private readonly cache = new Map<string, { state: UserSessionState | null; at: number }>();
  private readonly reading = new Map<string, Promise<UserSessionState | null>>();
  /** Bumped by forget(): a read that started before a change must not be cached after it. */
  private epoch = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UserRepository,
    private readonly config: AppConfig,
  ) {}

  /** True when the user exists, is active and `tokenVersion` is its current version. */
  async isCurrent(userId: string, tokenVersion: unknown): Promise<boolean> {
    if (typeof userId !== 'string' || !UUID.test(userId) || !Number.isSafeInteger(tokenVersion)) return false;
    const state = await this.state(userId);
    return !!state && state.active && state.tokenVersion === tokenVersion;
  }

  /** Forgets what this process knew of a user (after changing it here). */
  forget(userId: string): void {
    this.cache.delete(userId);
    this.reading.delete(userId);
    this.epoch++;
  }

  private async state(userId: string): Promise<UserSessionState | null> {
    const hit = this.cache.get(userId);
    if (hit && performance.now() - hit.at < this.config.AUTH_USER_CACHE_MS) return hit.state;
    // One read per user at a time, however many of its requests arrive together.
    let pending = this.reading.get(userId);
    if (!pending) {
      const read = this.users.sessionState(this.dataSource.manager, userId);
      pending = read.finally(() => {
        if (this.reading.get(userId) === pending) this.reading.delete(userId);
      });
      this.reading.set(userId, pending);
    }
    const epoch = this.epoch;
    const state = await pending;
    if (epoch !== this.epoch) return state;
    this.cache.delete(userId);
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(userId, { state, at: performance.now() });
    return state;
  }
}

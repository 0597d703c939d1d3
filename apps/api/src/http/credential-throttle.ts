import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import Redis, { type RedisOptions } from 'ioredis';
import { AppConfig } from '@app/config';
import { DomainError } from '@app/domain';
import { redisConnection } from '@app/queue';

/** A refusal that tells the client when to come back (the error filter sends it as `Retry-After`). */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED');
  }
}

/** The counting window of LOGIN_RATE_LIMIT (attempts per username and client per minute). */
const WINDOW_MS = 60_000;

/**
 * Verifications waiting for a free slot of their pool; past this a request is refused with 429 at
 * once: with ~50 ms per argon2 verification, 16 waiting is under a second's delay for the last.
 */
const MAX_WAITING = 16;

/**
 * Windows remembered in memory while Redis is unreachable (each API process then counts on its
 * own). Bounded so that a flood of usernames cannot grow it; expired windows go first.
 */
const MAX_LOCAL_WINDOWS = 50_000;

/** Fixed window: the first attempt of a window starts its expiry; returns [count, ms until reset]. */
const CONSUME_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/** The client's address as Fastify derives it under TRUSTED_PROXIES (IPv4-mapped IPv6 shown as IPv4). */
export function clientAddress(req: FastifyRequest): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/** At most `max` tasks at once; MAX_WAITING more wait their turn, anything beyond is refused. */
class Pool {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.max) this.active++;
    else if (this.waiting.length >= MAX_WAITING) throw new RateLimitedError(1);
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter, or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

export type CredentialChannel = 'login' | 'basic';

/**
 * Every password check of the API goes through here (the login form and HTTP Basic alike):
 *  1. the attempt is counted against its username and client, in Redis so that every API instance
 *     shares the budget, BEFORE any hashing: past LOGIN_RATE_LIMIT a minute it is 429 with
 *     Retry-After and costs no argon2 work;
 *  2. attempts of one username and client run one after the other in a process;
 *  3. verifications run in a bounded pool per channel, so a flood on the dashboard's Basic auth
 *     cannot occupy the threads that logins need (and the other way round).
 * Should Redis be unreachable, each process counts alone in memory rather than refusing logins; so
 * does every process when there is no Redis at all (queues on PostgreSQL): exact for the
 * all-in-one start, and N API processes then allow up to N × LOGIN_RATE_LIMIT per minute.
 */
@Injectable()
export class CredentialThrottle implements OnApplicationShutdown {
  private readonly log = new Logger('CredentialThrottle');
  /** Null when the queues run on PostgreSQL (no REDIS_URL): each process then counts on its own. */
  private readonly redis: Redis | null;
  private readonly pools: Record<CredentialChannel, Pool>;
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly local = new Map<string, { count: number; resetAt: number }>();
  private redisDownSince = 0;

  constructor(private readonly config: AppConfig) {
    this.redis = config.REDIS_URL
      ? new Redis({
          ...(redisConnection(config.REDIS_URL) as RedisOptions),
          // Fail fast: a login never waits for Redis to come back; the local count takes over.
          maxRetriesPerRequest: 0,
          enableOfflineQueue: false,
          commandTimeout: 1000,
          connectTimeout: 2000,
        })
      : null;
    this.redis?.on('error', () => undefined);
    this.redis?.defineCommand('dutygateConsume', { numberOfKeys: 1, lua: CONSUME_SCRIPT });
    this.pools = {
      login: new Pool(config.LOGIN_VERIFY_CONCURRENCY),
      basic: new Pool(config.BASIC_AUTH_VERIFY_CONCURRENCY),
    };
  }

  /** Runs `verify` (the password check) for this username and client, if their budget allows. */
  async attempt<T>(
    channel: CredentialChannel,
    username: string,
    client: string,
    verify: () => Promise<T>,
  ): Promise<T> {
    // Usernames are hashed: keys stay short and Redis holds no list of names people tried.
    const who = createHash('sha256').update(username.toLowerCase()).digest('hex').slice(0, 32);
    const key = `${this.config.QUEUE_PREFIX}:throttle:credentials:${who}:${client}`;
    const [count, resetMs] = await this.consume(key);
    if (count > this.config.LOGIN_RATE_LIMIT)
      throw new RateLimitedError(Math.max(1, Math.ceil(resetMs / 1000)));
    const previous = this.tails.get(key) ?? Promise.resolve();
    const mine = previous.then(
      () => this.pools[channel].run(verify),
      () => this.pools[channel].run(verify),
    );
    const tail = mine.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.finally(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return mine;
  }

  private async consume(key: string): Promise<[number, number]> {
    if (!this.redis) return this.consumeLocally(key);
    try {
      const [count, ttl] = (await (
        this.redis as unknown as { dutygateConsume(k: string, w: number): Promise<[number, number]> }
      ).dutygateConsume(key, WINDOW_MS)) as [number, number];
      this.redisDownSince = 0;
      return [Number(count), Number(ttl)];
    } catch (e) {
      if (!this.redisDownSince) {
        this.redisDownSince = Date.now();
        this.log.warn(`Redis unreachable, counting login attempts per process: ${(e as Error).message}`);
      }
      return this.consumeLocally(key);
    }
  }

  private consumeLocally(key: string): [number, number] {
    const now = Date.now();
    let w = this.local.get(key);
    if (!w || w.resetAt <= now) {
      this.local.delete(key);
      if (this.local.size >= MAX_LOCAL_WINDOWS) {
        for (const [k, v] of this.local) if (v.resetAt <= now) this.local.delete(k);
        while (this.local.size >= MAX_LOCAL_WINDOWS) this.local.delete(this.local.keys().next().value!);
      }
      w = { count: 0, resetAt: now + WINDOW_MS };
      this.local.set(key, w);
    }
    w.count++;
    return [w.count, w.resetAt - now];
  }

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}

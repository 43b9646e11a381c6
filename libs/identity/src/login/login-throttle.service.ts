import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@liaison/audit';
import { AppConfig, REDIS, type RedisClient, workspaceKey } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { KeyedHash } from '../tokens/keyed-hash.js';
import { LoginThrottleRepository } from './login-throttle.repository.js';

/**
 * Per address and source: failures allowed before the first lock; each further failure doubles
 * the lock, up to an hour.
 */
const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 3600;
/**
 * Per address, across sources (guessing from many addresses at once): more failures allowed, and
 * the lock does not apply to a source the address signed in from within KNOWN_SOURCE_DAYS.
 */
const ADDRESS_FREE_FAILURES = 50;
const KNOWN_SOURCE_DAYS = 30;
/**
 * A counter starts again after this long without a failure and without a lock (failures decay;
 * the quiet time counts from the end of the last lock, so a lock never ends in fresh free guesses).
 */
const QUIET_SECONDS = 3600;
/** Per-IP: failed attempts per window, across all e-mail addresses (offices share addresses). */
const IP_LIMIT = 50;
const IP_WINDOW_SECONDS = 900;

const tooMany = (seconds: number) =>
  new IdentityError(
    'too_many_attempts',
    `Too many sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute(s).`,
    [{ field: 'retryAfterSeconds', reasons: [String(Math.ceil(seconds))] }],
  );

/**
 * Brute-force defence, the same for unknown addresses: a per-IP rate limit (Redis when
 * configured, else this process) that stops spraying; a progressive lock per address and source,
 * so someone guessing locks only their own source out; and an address-wide lock against guessing
 * from many sources, which does not apply to sources the address recently signed in from. Every
 * counter decays: after an hour without a failure it starts again. Kept in PostgreSQL under
 * keyed hashes.
 */
@Injectable()
export class LoginThrottleService {
  private readonly ipWindows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly repo: LoginThrottleRepository,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly keyed: KeyedHash,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  emailKey(email: string): string {
    return this.keyed.hash('login', email.trim().toLowerCase());
  }

  private sourceKey(email: string, ip: string | null): string {
    return this.keyed.hash('login-source', `${email.trim().toLowerCase()}\n${ip ?? ''}`);
  }

  /** Throws 429 when this IP, this address from this source, or this address may not try now. */
  async assertMayTry(email: string, ip: string | null): Promise<void> {
    if (ip) {
      const { count, ttlSeconds } = await this.countIp(ip, 0);
      if (count >= IP_LIMIT) throw tooMany(ttlSeconds);
    }
    const source = this.sourceKey(email, ip);
    const seconds = await this.repo.lockedSeconds(this.emailKey(email), source, KNOWN_SOURCE_DAYS);
    if (seconds) throw tooMany(Number(seconds));
  }

  /** Adds `by` failures to this IP's window (0 only reads it); Redis when configured. */
  private async countIp(ip: string, by: number): Promise<{ count: number; ttlSeconds: number }> {
    const key = `${workspaceKey(this.config.databaseUrl!)}:login-ip:${ip}`;
    if (this.redis) {
      if (by === 0) {
        // Only reading: a key that does not exist must not be created (it would never expire).
        const [[, value], [, ttl]] = (await this.redis.multi().get(key).ttl(key).exec()) as [
          [null, string | null],
          [null, number],
        ];
        return { count: Number(value ?? 0), ttlSeconds: ttl < 0 ? IP_WINDOW_SECONDS : ttl };
      }
      const [[, count], [, ttl]] = (await this.redis.multi().incrby(key, by).ttl(key).exec()) as [
        [null, number],
        [null, number],
      ];
      if (ttl < 0 && by > 0) await this.redis.expire(key, IP_WINDOW_SECONDS);
      return { count, ttlSeconds: ttl < 0 ? IP_WINDOW_SECONDS : ttl };
    }
    const now = Date.now();
    let window = this.ipWindows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + IP_WINDOW_SECONDS * 1000 };
      if (by > 0) this.ipWindows.set(key, window);
      if (this.ipWindows.size > 10_000)
        for (const [k, w] of this.ipWindows) if (w.resetAt <= now) this.ipWindows.delete(k);
    }
    window.count += by;
    return { count: window.count, ttlSeconds: Math.ceil((window.resetAt - now) / 1000) };
  }

  /** Records a failure against the address and source, and the address; locks progressively and audits a lock. */
  async recordFailure(email: string, ip: string | null): Promise<void> {
    if (ip) await this.countIp(ip, 1);
    const address = email.trim().toLowerCase();
    for (const [key, free, scope] of [
      [this.sourceKey(email, ip), FREE_FAILURES, 'source'],
      [this.emailKey(email), ADDRESS_FREE_FAILURES, 'address'],
    ] as const) {
      const failures = await this.repo.countFailure(key, QUIET_SECONDS);
      if (failures < free) continue;
      const seconds = Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** Math.min(20, failures - free));
      await this.repo.lock(key, seconds);
      await this.audit.record({
        action: 'auth.lockout',
        ip,
        details: { email: address, scope, failures, lockSeconds: seconds },
      });
    }
  }

  /** The owner got in from this source: its counter goes, and the source is known for this address. */
  async recordSuccess(email: string, ip: string | null): Promise<void> {
    const source = this.sourceKey(email, ip);
    await this.repo.clear(source);
    await this.repo.rememberSource(source);
  }
}

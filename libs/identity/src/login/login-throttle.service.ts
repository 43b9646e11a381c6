import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@liaison/audit';
import { AppConfig, REDIS, type RedisClient, workspaceKey } from '@liaison/core';
import { IdentityError } from '../errors.js';
import { KeyedHash } from '../tokens/keyed-hash.js';

/** Failures allowed before the first lock; each further failure doubles the lock, up to an hour. */
const FREE_FAILURES = 5;
const FIRST_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 3600;
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
 * Brute-force defence: a per-IP rate limit (Redis when configured, else this process) and a
 * progressive per-address lockout kept in PostgreSQL, applied the same to unknown addresses.
 */
@Injectable()
export class LoginThrottleService {
  private readonly ipWindows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: RedisClient | null,
    private readonly keyed: KeyedHash,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  emailKey(email: string): string {
    return this.keyed.hash('login', email.trim().toLowerCase());
  }

  /** Throws 429 when this IP or this address may not try now. */
  async assertMayTry(email: string, ip: string | null): Promise<void> {
    if (ip) {
      const { count, ttlSeconds } = await this.countIp(ip, 0);
      if (count >= IP_LIMIT) throw tooMany(ttlSeconds);
    }
    const rows = (await this.dataSource.query(
      `SELECT extract(epoch FROM locked_until - now()) AS seconds FROM login_throttle WHERE email_key = $1 AND locked_until > now()`,
      [this.emailKey(email)],
    )) as { seconds: string }[];
    if (rows[0]) throw tooMany(Number(rows[0].seconds));
  }

  /** Adds `by` failures to this IP's window (0 only reads it); Redis when configured. */
  private async countIp(ip: string, by: number): Promise<{ count: number; ttlSeconds: number }> {
    const key = `${workspaceKey(this.config.databaseUrl!)}:login-ip:${ip}`;
    if (this.redis) {
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

  /** Records a failure; locks the address progressively and audits the lock. */
  async recordFailure(email: string, ip: string | null): Promise<void> {
    if (ip) await this.countIp(ip, 1);
    const rows = (await this.dataSource.query(
      `INSERT INTO login_throttle (email_key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (email_key) DO UPDATE SET failures = login_throttle.failures + 1, last_failure_at = now()
       RETURNING failures`,
      [this.emailKey(email)],
    )) as { failures: number }[];
    const failures = rows[0].failures;
    if (failures < FREE_FAILURES) return;
    const seconds = Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - FREE_FAILURES));
    await this.dataSource.query(
      `UPDATE login_throttle SET locked_until = now() + make_interval(secs => $2) WHERE email_key = $1`,
      [this.emailKey(email), seconds],
    );
    await this.audit.record({
      action: 'auth.lockout',
      ip,
      details: { email: email.trim().toLowerCase(), failures, lockSeconds: seconds },
    });
  }

  async recordSuccess(email: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE email_key = $1`, [this.emailKey(email)]);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** The sign-in throttle's counters (`login_throttle`) and the sources addresses signed in from (`login_known_source`). */
@Injectable()
export class LoginThrottleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Seconds left of the longest lock on this address from this source: the source's own lock, or
   * the address-wide one unless the source signed in within `knownSourceDays`. Null when none.
   */
  async lockedSeconds(emailKey: string, sourceKey: string, knownSourceDays: number): Promise<string | null> {
    const rows = (await this.dataSource.query(
      `SELECT max(extract(epoch FROM t.locked_until - now())) AS seconds FROM login_throttle t
        WHERE t.locked_until > now()
          AND (t.email_key = $2
               OR (t.email_key = $1 AND NOT EXISTS (
                     SELECT 1 FROM login_known_source k
                      WHERE k.source_key = $2 AND k.last_success_at > now() - make_interval(days => $3))))`,
      [emailKey, sourceKey, knownSourceDays],
    )) as { seconds: string | null }[];
    return rows[0]?.seconds ?? null;
  }

  /**
   * Counts a failure against this key, starting again after `quietSeconds` without a failure and
   * without a lock; returns the failures counted.
   */
  async countFailure(key: string, quietSeconds: number): Promise<number> {
    const rows = (await this.dataSource.query(
      `INSERT INTO login_throttle (email_key, failures, last_failure_at) VALUES ($1, 1, now())
         ON CONFLICT (email_key) DO UPDATE SET
           failures = CASE WHEN greatest(login_throttle.last_failure_at, login_throttle.locked_until)
                                  < now() - make_interval(secs => $2)
                           THEN 1 ELSE login_throttle.failures + 1 END,
           locked_until = CASE WHEN greatest(login_throttle.last_failure_at, login_throttle.locked_until)
                                  < now() - make_interval(secs => $2)
                               THEN NULL ELSE login_throttle.locked_until END,
           last_failure_at = now()
         RETURNING failures`,
      [key, quietSeconds],
    )) as { failures: number }[];
    return rows[0]!.failures;
  }

  /** Locks the key for this many seconds from now. */
  async lock(key: string, seconds: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE login_throttle SET locked_until = now() + make_interval(secs => $2) WHERE email_key = $1`,
      [key, seconds],
    );
  }

  /** Forgets the key's failures and lock. */
  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE email_key = $1`, [key]);
  }

  /** Records a successful sign-in from this source (known from now on). */
  async rememberSource(sourceKey: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO login_known_source (source_key, last_success_at) VALUES ($1, now())
       ON CONFLICT (source_key) DO UPDATE SET last_success_at = now()`,
      [sourceKey],
    );
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Consecutive failed sign-ins per e-mail address (keyed hash), whether or not an account exists,
 * so the lockout says nothing about which addresses are registered.
 */
@Entity({ name: 'login_throttle' })
export class LoginThrottle {
  @PrimaryColumn({ name: 'email_key', type: 'text' })
  emailKey: string;

  @Column({ type: 'int', default: 0 })
  failures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;
}

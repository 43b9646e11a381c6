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

/**
 * Where an address last signed in successfully (a keyed hash of the address and the source): the
 * address-wide lock that stops guessing from many sources does not apply to these, so its owner
 * keeps a way in while someone else keeps it locked for everybody else.
 */
@Entity({ name: 'login_known_source' })
export class LoginKnownSource {
  @PrimaryColumn({ name: 'source_key', type: 'text' })
  sourceKey: string;

  @Column({ name: 'last_success_at', type: 'timestamptz' })
  lastSuccessAt: Date;
}

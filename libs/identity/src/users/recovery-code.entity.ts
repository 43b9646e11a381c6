import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One of a user's ten one-time MFA recovery codes, stored as a keyed hash. */
@Entity({ name: 'mfa_recovery_code' })
@Index('IDX_mfa_recovery_code_user', ['userId'])
export class RecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'code_hash', type: 'text', unique: true })
  codeHash: string;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

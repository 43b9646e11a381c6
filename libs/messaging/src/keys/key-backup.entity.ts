import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A user's key backup: ciphertext the server cannot open, replaced whole on each update. */
@Entity({ name: 'key_backup' })
export class KeyBackup {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('jsonb')
  blob: Record<string, unknown>;

  @Column('int')
  version: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One published identity of a user; a reset adds a version, earlier ones stay (key history). */
@Entity({ name: 'user_key' })
export class UserKey {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('int')
  version: number;

  @Column('text', { name: 'sign_public_key' })
  signPublicKey: string;

  @Column('text', { name: 'enc_public_key' })
  encPublicKey: string;

  @Column('text', { name: 'self_signature' })
  selfSignature: string;

  @Column('text')
  fingerprint: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

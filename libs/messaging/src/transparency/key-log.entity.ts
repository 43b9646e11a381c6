import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A leaf of the key transparency log (RFC 9162 Merkle tree): an identity, device or revocation
 * record, in append order. Append-only: the database refuses updates and deletions.
 */
@Entity({ name: 'key_log_entry' })
@Index('IDX_key_log_entry_user', ['userId', 'position'])
export class KeyLogEntryRow {
  /** The leaf index, from 0 without gaps. */
  @PrimaryColumn('integer')
  position: number;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  kind: 'identity' | 'device' | 'revocation';

  @Column('text', { name: 'device_id', nullable: true })
  deviceId: string | null;

  /** The record's fields (base64url), from which the leaf's bytes are computed again. */
  @Column('jsonb')
  record: Record<string, string | null>;

  @Column('bytea', { name: 'leaf_hash' })
  leafHash: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Every head the log signed: evidence of what the server showed, kept for good. */
@Entity({ name: 'key_log_head' })
export class KeyLogHeadRow {
  @PrimaryColumn('integer')
  size: number;

  @Column('bytea')
  root: Buffer;

  @Column('bigint', { name: 'issued_at', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  issuedAt: number;

  @Column('bytea')
  signature: Buffer;
}

/** A device as the log last left it: its certified MLS signature key, and whether it is revoked. */
@Entity({ name: 'mls_device' })
export class MlsDeviceRow {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('text', { name: 'device_id' })
  deviceId: string;

  @Column('bytea', { name: 'signature_key' })
  signatureKey: Buffer;

  @Column('bytea', { name: 'identity_key' })
  identityKey: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}

/** A KeyPackage a device published; handed out once, then gone. */
@Entity({ name: 'mls_key_package' })
@Index('IDX_mls_key_package_device', ['userId', 'deviceId', 'createdAt'])
export class MlsKeyPackageRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'device_id' })
  deviceId: string;

  @Column('bytea', { name: 'key_package' })
  keyPackage: Buffer;

  /** The end of its lifetime: never handed out within an hour of it. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

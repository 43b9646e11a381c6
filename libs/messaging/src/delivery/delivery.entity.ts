import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';

const bigintNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/**
 * A thread on MLS (protocol v2) as the delivery service keeps it: the epoch it accepted last and
 * the last seq. The group id is the thread id; nothing here opens anything.
 */
@Entity({ name: 'mls_thread' })
export class MlsThreadRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('int', { default: 0 })
  epoch: number;

  @Column('bigint', { name: 'last_seq', default: 0, transformer: bigintNumber })
  lastSeq: number;

  /**
   * Moves when a device stops receiving without a new epoch (a request to leave): a message
   * insert that read the devices before it finds the thread changed and stores nothing.
   */
  @Column('integer', { name: 'roster_version', default: 0 })
  rosterVersion: number;

  @Column('text', { name: 'linked_type', nullable: true })
  linkedType: string | null;

  @Column('text', { name: 'linked_id', nullable: true })
  linkedId: string | null;

  @Column('int', { name: 'retention_days', nullable: true })
  retentionDays: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A device (MLS leaf) in a thread, as the commits declared it; `leftAt` once its person left. */
@Entity({ name: 'mls_thread_device' })
export class MlsThreadDeviceRow {
  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @PrimaryColumn('text', { name: 'device_id' })
  deviceId: string;

  /** The seq of the commit that added it: it receives only what follows. */
  @Column('bigint', { name: 'joined_seq', transformer: bigintNumber })
  joinedSeq: number;

  @Column('timestamptz', { name: 'left_at', nullable: true })
  leftAt: Date | null;

  @ManyToOne(() => MlsThreadRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<MlsThreadRow>;
}

/** A person in a thread (while one of their devices is), with their role and read position. */
@Entity({ name: 'mls_thread_member' })
@Index('IDX_mls_thread_member_user', ['userId'])
export class MlsThreadMemberRow {
  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  role: 'admin' | 'member';

  @Column('bigint', { name: 'last_read_seq', default: 0, transformer: bigintNumber })
  lastReadSeq: number;

  @ManyToOne(() => MlsThreadRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<MlsThreadRow>;
}

/** An MLS message of a thread in delivery order: application messages, commits and proposals. */
@Entity({ name: 'mls_message' })
@Index('UQ_mls_message_seq', ['threadId', 'seq'], { unique: true })
@Index('UQ_mls_message_client_id', ['threadId', 'senderUserId', 'clientMessageId'], { unique: true })
export class MlsMessageRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @Column('bigint', { transformer: bigintNumber })
  seq: number;

  @Column('int')
  epoch: number;

  @Column('text')
  kind: 'application' | 'commit' | 'proposal';

  @Column('uuid', { name: 'sender_user_id' })
  senderUserId: string;

  @Column('text', { name: 'sender_device_id' })
  senderDeviceId: string;

  @Column('text', { name: 'client_message_id' })
  clientMessageId: string;

  @Column('bytea')
  body: Buffer;

  /** For a commit: the devices its committer declared (and signed) that it adds and removes. */
  @Column('jsonb', { nullable: true })
  declared: { added: { userId: string; deviceId: string }[]; removed: { userId: string; deviceId: string }[] } | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => MlsThreadRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<MlsThreadRow>;
}

/** A Welcome for one added device, kept until the thread goes. */
@Entity({ name: 'mls_welcome' })
@Index('IDX_mls_welcome_device', ['userId', 'deviceId'])
export class MlsWelcomeRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'device_id' })
  deviceId: string;

  /** The epoch the Welcome joins. */
  @Column('int')
  epoch: number;

  @Column('bytea')
  body: Buffer;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => MlsThreadRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<MlsThreadRow>;
}

/** Who was handed whose KeyPackage: a commit may add only devices its committer claimed. */
@Entity({ name: 'mls_key_package_claim' })
@Index('IDX_mls_key_package_claim', ['claimedBy', 'userId', 'deviceId'])
export class KeyPackageClaimRow {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'claimed_by' })
  claimedBy: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text', { name: 'device_id' })
  deviceId: string;

  @CreateDateColumn({ name: 'claimed_at', type: 'timestamptz' })
  claimedAt: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt: Date | null;
}

/**
 * An encrypted attachment of an MLS thread: the bytes are a file in the attachment store, the key
 * and hash travel inside the message that mentions it. Ids are per thread.
 */
@Entity({ name: 'mls_attachment' })
export class MlsAttachmentRow {
  @PrimaryColumn('uuid', { name: 'thread_id' })
  threadId: string;

  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'uploader_user_id' })
  uploaderUserId: string;

  @Column('bigint', { transformer: bigintNumber })
  size: number;

  /** SHA-256 of the stored ciphertext (base64url). */
  @Column('text')
  sha256: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => MlsThreadRow, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<MlsThreadRow>;
}

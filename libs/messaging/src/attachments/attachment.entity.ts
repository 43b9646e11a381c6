import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Thread } from '../threads/thread.entity.js';

/**
 * An encrypted attachment of a thread: the bytes live in the attachment store (a file named by
 * the id), encrypted by the sender's client under a key only the message carries.
 */
@Entity({ name: 'attachment' })
@Index('IDX_attachment_thread', ['threadId', 'createdAt'])
export class Attachment {
  /** Chosen by the client: the ciphertext is bound to it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'thread_id' })
  threadId: string;

  @Column('uuid', { name: 'uploader_user_id' })
  uploaderUserId: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  /** SHA-256 of the stored ciphertext (base64url), computed while it streamed in. */
  @Column('text')
  sha256: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => Thread, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: Relation<Thread>;
}

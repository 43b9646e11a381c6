import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Contact } from './contact.entity.js';

/** One change to a contact or its designations: who, when, what it was and what it became. */
@Entity({ name: 'contact_change' })
@Index('IDX_contact_change_contact_at', ['contactId', 'at'])
export class ContactChange {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Relation<Contact>;

  /** The user who made the change; none when it came through a signed confirmation link. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  /** created, updated, confirmed, departed, imported, designated, designation_ended, handover_proposed... */
  @Column({ type: 'text' })
  action: string;

  /** Field -> {from, to}. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  changes: Record<string, { from: unknown; to: unknown }>;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;
}

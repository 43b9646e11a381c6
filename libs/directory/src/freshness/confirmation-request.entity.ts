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
import { Contact } from '../contacts/contact.entity.js';

export const CONFIRMATION_ANSWERS = ['confirmed', 'updated', 'departed'] as const;
export type ConfirmationAnswer = (typeof CONFIRMATION_ANSWERS)[number];

/**
 * A request to a contact to re-confirm their entry, answered through a one-click link that carries
 * a random token (only its hash is stored). Unanswered, it escalates: 1 = the organisation's
 * admins, 2 = the secretariat.
 */
@Entity({ name: 'confirmation_request' })
@Index('UQ_confirmation_request_open', { synchronize: false })
@Index('IDX_confirmation_request_open_due', ['answeredAt', 'nextEscalationAt'])
export class ConfirmationRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Relation<Contact>;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel: number;

  /** The highest level whose notice went out (-1: none yet); a scan re-sends what a crash lost. */
  @Column({ name: 'notified_level', type: 'int', default: -1 })
  notifiedLevel: number;

  @Column({ name: 'next_escalation_at', type: 'timestamptz', nullable: true })
  nextEscalationAt: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  answer: ConfirmationAnswer | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

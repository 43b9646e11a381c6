import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';

export const DIGESTS = ['off', 'daily', 'weekly'] as const;
export type Digest = (typeof DIGESTS)[number];

export const NOTIFICATION_KINDS = ['due_soon', 'overdue', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The facts of a notice: for `due_soon` and `overdue` the item and its due date (and days left),
 * for `digest` how many items are overdue and due within a week.
 */
export type NotificationParams = {
  reference?: string;
  itemTitle?: string;
  planTitle?: string;
  tlp?: string;
  dueDate?: string;
  daysLeft?: number;
  overdue?: number;
  soon?: number;
};

/** How and when a person wants to hear about their items. Absent row: the defaults. */
@Entity({ name: 'notification_preference' })
@Check(
  'CHK_notification_preference_values',
  `digest IN ('off', 'daily', 'weekly') AND (quiet_from IS NULL) = (quiet_to IS NULL) AND quiet_from BETWEEN 0 AND 23 AND quiet_to BETWEEN 0 AND 23`,
)
export class NotificationPreference {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  /** Days before a due date to remind, such as 7 and 1. */
  @Column('int', { name: 'reminder_days', array: true, default: () => "'{7,1}'" })
  reminderDays: number[];

  @Column('text', { default: 'weekly' })
  digest: Digest;

  /** Quiet hours, local hours [from, to): nothing is sent then; it waits for the end. */
  @Column('smallint', { name: 'quiet_from', nullable: true })
  quietFrom: number | null;

  @Column('smallint', { name: 'quiet_to', nullable: true })
  quietTo: number | null;

  @Column('text', { name: 'time_zone', default: 'UTC' })
  timeZone: string;

  /** Also by e-mail (in-app always). */
  @Column('boolean', { default: true })
  email: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/**
 * One notice to one person (in-app, and by e-mail if they want). `dedupeKey` names the occasion
 * (this item, this due date, this reminder), so a notice is created once whatever the number of
 * scans, processes or restarts.
 */
@Entity({ name: 'notification' })
@Unique('UQ_notification_occasion', ['userId', 'dedupeKey'])
@Index('IDX_notification_user', ['userId', 'createdAt'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  kind: NotificationKind;

  @Column('text', { name: 'dedupe_key' })
  dedupeKey: string;

  @Column('uuid', { name: 'plan_id', nullable: true })
  planId: string | null;

  @Column('uuid', { name: 'item_id', nullable: true })
  itemId: string | null;

  @Column('text')
  title: string;

  @Column('text')
  body: string;

  /** Path in the web client. */
  @Column('text')
  link: string;

  /** What the text says, for clients to write it in the reader's language (the text is English). */
  @Column('jsonb', { default: () => "'{}'" })
  params: NotificationParams;

  @Column('boolean', { name: 'email_wanted' })
  emailWanted: boolean;

  @Column('timestamptz', { name: 'emailed_at', nullable: true })
  emailedAt: Date | null;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

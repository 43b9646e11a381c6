import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import type { Audience } from '../audience/audience.js';

export const ANNOUNCEMENT_STATUSES = ['draft', 'scheduled', 'published', 'withdrawn'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

/** A message from the secretariat to an audience resolved from the directory at publication. */
@Entity({ name: 'announcement' })
@Check(
  'CHK_announcement_values',
  `status IN ('draft', 'scheduled', 'published', 'withdrawn') AND (status <> 'scheduled' OR publish_at IS NOT NULL) AND remind_days_before BETWEEN 0 AND 60`,
)
@Index('IDX_announcement_due', ['status', 'publishAt'])
export class Announcement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  title: string;

  /** Markdown as written. */
  @Column('text', { default: '' })
  body: string;

  /** The Markdown rendered and sanitised when written. */
  @Column('text', { name: 'body_html', default: '' })
  bodyHtml: string;

  @Column('jsonb')
  audience: Audience;

  @Column('boolean', { name: 'requires_acknowledgement', default: false })
  requiresAcknowledgement: boolean;

  /** Acknowledge by: recipients who have not are reminded `remindDaysBefore` days earlier. */
  @Column('timestamptz', { name: 'acknowledge_by', nullable: true })
  acknowledgeBy: Date | null;

  @Column('int', { name: 'remind_days_before', default: 3 })
  remindDaysBefore: number;

  @Column('text', { default: 'draft' })
  status: AnnouncementStatus;

  @Column('timestamptz', { name: 'publish_at', nullable: true })
  publishAt: Date | null;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt: Date | null;

  @Column('timestamptz', { name: 'withdrawn_at', nullable: true })
  withdrawnAt: Date | null;

  @Column('text', { name: 'withdrawn_reason', nullable: true })
  withdrawnReason: string | null;

  /** What recipients see changing: 1 at publication, one more for each edit after it. */
  @Column('int', { default: 1 })
  revision: number;

  @Column('timestamptz', { name: 'edited_at', nullable: true })
  editedAt: Date | null;

  /** Optimistic concurrency for the secretariat's edits. */
  @Column('int', { default: 1 })
  version: number;

  /** Set when the fan-out has written every delivery. */
  @Column('int', { name: 'recipient_count', nullable: true })
  recipientCount: number | null;

  @Column('timestamptz', { name: 'fanned_out_at', nullable: true })
  fannedOutAt: Date | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @Column('uuid', { name: 'updated_by' })
  updatedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @OneToOne(() => OutreachEvent, (e) => e.announcement)
  event?: Relation<OutreachEvent>;
}

/** An event an announcement invites to. */
@Entity({ name: 'outreach_event' })
@Check(
  'CHK_outreach_event_values',
  `ends_at > starts_at AND (seats_per_country IS NULL OR seats_per_country > 0) AND (location IS NOT NULL OR online_url IS NOT NULL)`,
)
export class OutreachEvent {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'announcement_id', unique: true })
  announcementId: string;

  @OneToOne(() => Announcement, (a) => a.event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'announcement_id' })
  announcement?: Relation<Announcement>;

  @Column('text')
  title: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt: Date;

  /** IANA zone the event is held in; times are shown in it and stored as instants. */
  @Column('text', { name: 'time_zone' })
  timeZone: string;

  @Column('text', { nullable: true })
  location: string | null;

  @Column('text', { name: 'online_url', nullable: true })
  onlineUrl: string | null;

  @Column('timestamptz', { name: 'rsvp_deadline', nullable: true })
  rsvpDeadline: Date | null;

  /** Most delegates (accepted and tentative answers together) per country. */
  @Column('int', { name: 'seats_per_country', nullable: true })
  seatsPerCountry: number | null;

  /** iCalendar SEQUENCE: one more for each change of time or place sent to invitees. */
  @Column('int', { default: 0 })
  sequence: number;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt: Date | null;
}

/** One recipient of a published announcement: delivered (the row), read, acknowledged. */
@Entity({ name: 'announcement_delivery' })
@Index('IDX_announcement_delivery_user', ['userId', 'deliveredAt'])
export class AnnouncementDelivery {
  @PrimaryColumn('uuid', { name: 'announcement_id' })
  announcementId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => Announcement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'announcement_id' })
  announcement?: Relation<Announcement>;

  /** The recipient's organisation's country and kind when it was sent (statistics, seats). */
  @Column('char', { name: 'country_code', length: 2, nullable: true })
  countryCode: string | null;

  @Column('text', { name: 'organisation_kind', nullable: true })
  organisationKind: string | null;

  @Column('timestamptz', { name: 'delivered_at', default: () => 'now()' })
  deliveredAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  /** The revision the recipient last opened: older than the announcement's means "changed since". */
  @Column('int', { name: 'read_revision', nullable: true })
  readRevision: number | null;

  @Column('timestamptz', { name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column('timestamptz', { name: 'reminded_at', nullable: true })
  remindedAt: Date | null;
}

export const MAIL_KINDS = ['announcement', 'update', 'cancel', 'reminder'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export const MAIL_STATUSES = ['pending', 'sending', 'sent', 'bounced', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/**
 * One e-mail owed to one recipient (the e-mail channel of a delivery). Unique per occasion, so
 * a repeated fan-out, edit or reminder scan never owes it twice; its status says where it is.
 */
@Entity({ name: 'outreach_mail' })
@Check(
  'CHK_outreach_mail_values',
  `kind IN ('announcement', 'update', 'cancel', 'reminder') AND status IN ('pending', 'sending', 'sent', 'bounced', 'failed')`,
)
@Index('UQ_outreach_mail_occasion', ['announcementId', 'userId', 'kind', 'occasion'], { unique: true })
@Index('IDX_outreach_mail_owed', ['announcementId', 'status'])
export class OutreachMail {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'announcement_id' })
  announcementId: string;

  @ManyToOne(() => Announcement, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'announcement_id' })
  announcement?: Relation<Announcement>;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  kind: MailKind;

  /** The revision, iCalendar sequence or reminder this e-mail is for. */
  @Column('int', { default: 0 })
  occasion: number;

  @Column('text', { default: 'pending' })
  status: MailStatus;

  @Column('int', { default: 0 })
  attempts: number;

  @Column('text', { nullable: true })
  error: string | null;

  @Column('timestamptz', { name: 'claimed_at', nullable: true })
  claimedAt: Date | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const RSVP_RESPONSES = ['accepted', 'tentative', 'declined'] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];
export const DELEGATE_ROLES = ['head_of_delegation', 'delegate', 'observer'] as const;
export type DelegateRole = (typeof DELEGATE_ROLES)[number];
export const DELEGATE_LEVELS = ['ministerial', 'senior_official', 'expert'] as const;
export type DelegateLevel = (typeof DELEGATE_LEVELS)[number];

export interface Delegate {
  name: string;
  role: DelegateRole;
  level: DelegateLevel;
}

/** A recipient's answer to an event invitation, with the delegation they nominate. */
@Entity({ name: 'event_rsvp' })
@Check(
  'CHK_event_rsvp_values',
  `response IN ('accepted', 'tentative', 'declined') AND delegates >= 0 AND (response <> 'declined' OR delegates = 0)`,
)
@Index('IDX_event_rsvp_country', ['eventId', 'countryCode'])
export class EventRsvp {
  @PrimaryColumn('uuid', { name: 'event_id' })
  eventId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => OutreachEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: Relation<OutreachEvent>;

  @Column('char', { name: 'country_code', length: 2, nullable: true })
  countryCode: string | null;

  @Column('uuid', { name: 'organisation_id', nullable: true })
  organisationId: string | null;

  @Column('text')
  response: RsvpResponse;

  @Column('jsonb', { default: () => "'[]'" })
  delegation: Delegate[];

  /** Seats taken: the delegation's size (0 when declined). */
  @Column('int', { default: 0 })
  delegates: number;

  @Column('text', { name: 'nominating_authority', nullable: true })
  nominatingAuthority: string | null;

  @Column('text', { nullable: true })
  accessibility: string | null;

  @Column('text', { nullable: true })
  dietary: string | null;

  @Column('text', { nullable: true })
  notes: string | null;

  @Column('int', { default: 1 })
  version: number;

  @CreateDateColumn({ name: 'answered_at', type: 'timestamptz' })
  answeredAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

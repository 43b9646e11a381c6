import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { ActionPlan } from '../plans/action-plan.entity.js';

export const ITEM_STATUSES = ['not_started', 'in_progress', 'blocked', 'done', 'cancelled'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** One thing to do in a plan. */
@Entity({ name: 'action_item' })
@Check(
  'CHK_action_item_values',
  `status IN ('not_started', 'in_progress', 'blocked', 'done', 'cancelled') AND priority IN ('low', 'normal', 'high', 'critical') AND progress BETWEEN 0 AND 100 AND (due_date IS NULL OR start_date IS NULL OR due_date >= start_date) AND (status NOT IN ('blocked', 'cancelled') OR status_reason IS NOT NULL)`,
)
@Unique('UQ_action_item_reference', ['planId', 'reference'])
@Index('IDX_action_item_plan_status', ['planId', 'status'])
@Index('IDX_action_item_plan_due', ['planId', 'dueDate'])
export class ActionItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  /** Outline number such as `2.3`, unique in the plan. */
  @Column('text')
  reference: string;

  @Column('text')
  title: string;

  /** Markdown; rendered and sanitised on the way out. */
  @Column('text', { default: '' })
  description: string;

  /** `description` rendered and sanitised when it is written. */
  @Column('text', { name: 'description_html', default: '' })
  descriptionHtml: string;

  @Column('uuid', { name: 'lead_organisation_id', nullable: true })
  leadOrganisationId: string | null;

  @Column('date', { name: 'start_date', nullable: true })
  startDate: string | null;

  @Column('date', { name: 'due_date', nullable: true })
  dueDate: string | null;

  @Column('text', { default: 'normal' })
  priority: Priority;

  @Column('smallint', { default: 0 })
  progress: number;

  @Column('text', { default: 'not_started' })
  status: ItemStatus;

  /** Why it is blocked or cancelled. */
  @Column('text', { name: 'status_reason', nullable: true })
  statusReason: string | null;

  @Column('int', { default: 1 })
  version: number;

  /** The encrypted thread and message this item was made from (the link only; the text left E2EE by the member's choice). */
  @Column('uuid', { name: 'source_thread_id', nullable: true })
  sourceThreadId: string | null;

  @Column('uuid', { name: 'source_message_id', nullable: true })
  sourceMessageId: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => ActionPlan, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'plan_id' })
  plan?: Relation<ActionPlan>;
}

@Entity({ name: 'action_item_assignee' })
@Index('IDX_action_item_assignee_user', ['userId'])
export class ActionItemAssignee {
  @PrimaryColumn('uuid', { name: 'item_id' })
  itemId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<ActionItem>;
}

/** `itemId` cannot finish before `dependsOnId` does. */
@Entity({ name: 'action_item_dependency' })
@Check('CHK_action_item_dependency_self', `item_id <> depends_on_id`)
@Index('IDX_action_item_dependency_target', ['dependsOnId'])
export class ActionItemDependency {
  @PrimaryColumn('uuid', { name: 'item_id' })
  itemId: string;

  @PrimaryColumn('uuid', { name: 'depends_on_id' })
  dependsOnId: string;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<ActionItem>;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'depends_on_id' })
  dependsOn?: Relation<ActionItem>;
}

@Entity({ name: 'action_item_comment' })
@Index('IDX_action_item_comment_item', ['itemId', 'createdAt'])
export class ActionItemComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'item_id' })
  itemId: string;

  @Column('uuid', { name: 'author_id' })
  authorId: string;

  @Column('text')
  body: string;

  /** `body` rendered and sanitised when it is written. */
  @Column('text', { name: 'body_html' })
  bodyHtml: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<ActionItem>;
}

export type ActivityAction = 'created' | 'updated' | 'transitioned' | 'commented';
export type Changes = Record<string, { before: unknown; after: unknown }>;

/** Every change of an item: who, when, and each changed field before and after. */
@Entity({ name: 'action_item_activity' })
@Index('IDX_action_item_activity_item', ['itemId', 'id'])
@Index('IDX_action_item_activity_plan', ['planId', 'id'])
export class ActionItemActivity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column('uuid', { name: 'item_id' })
  itemId: string;

  @Column('uuid', { name: 'plan_id' })
  planId: string;

  @Column('uuid', { name: 'actor_id' })
  actorId: string;

  @Column('text')
  action: ActivityAction;

  @Column('jsonb', { default: () => "'{}'" })
  changes: Changes;

  /** The item's version after the change. */
  @Column('int', { name: 'item_version' })
  itemVersion: number;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;

  @ManyToOne(() => ActionItem, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'item_id' })
  item?: Relation<ActionItem>;
}

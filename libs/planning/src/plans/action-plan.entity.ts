import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { WorkingGroup } from '../groups/working-group.entity.js';

export const PLAN_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

/** Traffic Light Protocol 2.0 handling codes, least to most restricted. */
export const TLP_CODES = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_CODES)[number];

/** A working group's plan: what is to be done, by whom and when. */
@Entity({ name: 'action_plan' })
@Check(
  'CHK_action_plan_values',
  `status IN ('draft', 'active', 'completed', 'archived') AND tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED') AND (period_end IS NULL OR period_start IS NULL OR period_end >= period_start)`,
)
@Index('IDX_action_plan_group', ['groupId'])
export class ActionPlan {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'group_id' })
  groupId: string;

  @Column('text')
  title: string;

  @Column('text', { default: '' })
  objective: string;

  @Column('uuid', { name: 'owning_organisation_id', nullable: true })
  owningOrganisationId: string | null;

  @Column('date', { name: 'period_start', nullable: true })
  periodStart: string | null;

  @Column('date', { name: 'period_end', nullable: true })
  periodEnd: string | null;

  @Column('text', { default: 'draft' })
  status: PlanStatus;

  @Column('text')
  tlp: Tlp;

  /** Set by the service on every change (optimistic concurrency, checked in the UPDATE). */
  @Column('int', { default: 1 })
  version: number;

  /** Raised by every change of the plan's items, in commit order (it is taken under the plan row's lock). */
  @Column('bigint', {
    name: 'items_revision',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  itemsRevision: number;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: Relation<WorkingGroup>;
}

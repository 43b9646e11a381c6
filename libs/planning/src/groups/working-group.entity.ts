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
  UpdateDateColumn,
} from 'typeorm';

export const GROUP_ROLES = ['chair', 'member', 'observer'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];

/** A working group: people from several organisations who own action plans together. */
@Entity({ name: 'working_group' })
export class WorkingGroup {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { default: '' })
  purpose: string;

  /** The group's end-to-end encrypted thread, created by the chair's client. */
  @Column('uuid', { name: 'thread_id', nullable: true })
  threadId: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  /** Set by the service on every change (optimistic concurrency, checked in the UPDATE). */
  @Column('int', { default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A person's place in a working group. */
@Entity({ name: 'working_group_member' })
@Check('CHK_working_group_member_role', `role IN ('chair', 'member', 'observer')`)
@Index('IDX_working_group_member_user', ['userId'])
export class WorkingGroupMember {
  @PrimaryColumn('uuid', { name: 'group_id' })
  groupId: string;

  @PrimaryColumn('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  role: GroupRole;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;

  @ManyToOne(() => WorkingGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: Relation<WorkingGroup>;
}

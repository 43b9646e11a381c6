import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Facts about this installation (for example when demo data was seeded). */
@Entity({ name: 'workspace_meta' })
export class WorkspaceMeta {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

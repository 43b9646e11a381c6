import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A topic a point of contact answers for (seeded from the Council conclusions). */
@Entity({ name: 'mandate' })
export class Mandate {
  @PrimaryColumn({ type: 'text' })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'sort_order', type: 'int', default: 0 })
  sortOrder: number;

  /** Retired mandates stay for history but are not offered any more. */
  @Column({ type: 'boolean', default: true })
  active: boolean;
}

import {
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
import { Country } from '../countries/country.entity.js';

export const ORGANISATION_KINDS = [
  'ministry',
  'law_enforcement',
  'prosecution',
  'eu_agency',
  'international_organisation',
  'industry',
  'hotline',
  'civil_society',
  'research',
  'secretariat',
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** A body of the network: a ministry, a police unit, an EU agency, a platform, a hotline... */
@Entity({ name: 'organisation' })
@Index('IDX_organisation_country_kind', ['countryCode', 'kind'])
// Trigram search over accent-folded name and acronym; an expression index created in SQL.
@Index('IDX_organisation_search_trgm', { synchronize: false })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  acronym: string | null;

  @Column({ type: 'text' })
  kind: OrganisationKind;

  /** None for international bodies. */
  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Relation<Country>;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Organisation>;

  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt: Date | null;

  @Column({ name: 'verified_by', type: 'uuid', nullable: true })
  verifiedBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

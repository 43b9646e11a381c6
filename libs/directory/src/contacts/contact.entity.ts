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
  VersionColumn,
} from 'typeorm';
import { Organisation } from '../organisations/organisation.entity.js';

export const CONTACT_STATUSES = ['active', 'on_leave', 'departed'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

/** Who may see a contact: every member, law-enforcement kinds (and the secretariat), the secretariat. */
export const VISIBILITIES = ['network', 'law_enforcement', 'secretariat'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface ContactPhone {
  /** E.164, e.g. +40212345678. */
  number: string;
  /** work, mobile, fax, duty (24/7 line). */
  kind: 'work' | 'mobile' | 'fax' | 'duty';
}

/** A person in an organisation of the network; may or may not have a user account. */
@Entity({ name: 'contact' })
@Check(
  'CHK_contact_values',
  `status IN ('active', 'on_leave', 'departed') AND visibility IN ('network', 'law_enforcement', 'secretariat') AND cardinality(emails) >= 1`,
)
@Index('IDX_contact_organisation', ['organisationId'])
@Index('IDX_contact_country_status', ['countryCode', 'status'])
@Index('IDX_contact_sort_name', ['sortName', 'id'])
// Search indexes created in SQL: trigram GIN on search_names, GIN on search_doc, GIN on emails,
// languages and expertise, and the unique primary e-mail.
@Index('IDX_contact_search_names_trgm', { synchronize: false })
@Index('IDX_contact_search_doc', { synchronize: false })
@Index('IDX_contact_emails', { synchronize: false })
@Index('IDX_contact_languages', { synchronize: false })
@Index('IDX_contact_expertise_folded', { synchronize: false })
@Index('IDX_contact_mandates', { synchronize: false })
@Index('UQ_contact_primary_email', { synchronize: false })
export class Contact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  /** The organisation's kind, kept with the contact so filters and facets need no join. */
  @Column({ name: 'organisation_kind', type: 'text' })
  organisationKind: string;

  /** The organisation's country (none for international bodies), kept with the contact for filters. */
  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  /** The name as the person writes it, in any script. */
  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  /** How to sort the name (family name first, folded to Latin). */
  @Column({ name: 'sort_name', type: 'text' })
  sortName: string;

  @Column({ type: 'text', nullable: true })
  position: string | null;

  /** Lower-case addresses, the first is the primary one (unique across contacts). */
  @Column({ type: 'text', array: true })
  emails: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  phones: ContactPhone[];

  /** ISO 639-1 codes, the first is the preferred one. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  expertise: string[];

  /** Folded expertise tags, for filters and facets whatever the case and accents. */
  @Column({ name: 'expertise_folded', type: 'text', array: true, default: () => "'{}'" })
  expertiseFolded: string[];

  /** IANA time zone, e.g. Europe/Bucharest. */
  /** Mandates of the contact's active designations (kept by the designation service), for filters and facets. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  mandates: string[];

  @Column({ name: 'time_zone', type: 'text', nullable: true })
  timeZone: string | null;

  @Column({ type: 'text', default: 'active' })
  status: ContactStatus;

  @Column({ type: 'text', default: 'network' })
  visibility: Visibility;

  @Column({ name: 'last_confirmed_at', type: 'timestamptz' })
  lastConfirmedAt: Date;

  /** Folded spellings of the name (see `nameVariants`), for trigram and prefix matching. */
  @Column({ name: 'search_names', type: 'text' })
  searchNames: string;

  /** Weighted full-text document: names (A), position and organisation (B), expertise and mandates (C). */
  @Column({ name: 'search_doc', type: 'tsvector', select: false, nullable: true })
  searchDoc?: string | null;

  @VersionColumn()
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

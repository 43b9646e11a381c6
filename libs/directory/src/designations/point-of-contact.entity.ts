import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Contact } from '../contacts/contact.entity.js';
import { Country } from '../countries/country.entity.js';
import { Mandate } from '../mandates/mandate.entity.js';
import { Organisation } from '../organisations/organisation.entity.js';

export const DESIGNATION_ROLES = ['primary', 'deputy'] as const;
export type DesignationRole = (typeof DESIGNATION_ROLES)[number];
export const DESIGNATION_SCOPES = ['national', 'organisational'] as const;
export type DesignationScope = (typeof DESIGNATION_SCOPES)[number];
/** proposed (by an org admin, or a handover) -> active (approved) | rejected; active -> ended. */
export const DESIGNATION_STATUSES = ['proposed', 'active', 'rejected', 'ended'] as const;
export type DesignationStatus = (typeof DESIGNATION_STATUSES)[number];

/**
 * Contact X is the primary or deputy point of contact for mandate M on behalf of country C
 * (national) or organisation O (organisational), from a date, possibly until a date.
 */
@Entity({ name: 'point_of_contact' })
@Index('IDX_poc_cell', ['mandateCode', 'countryCode', 'status'])
@Index('IDX_poc_contact', ['contactId', 'status'])
@Check(
  'CHK_poc_values',
  `role IN ('primary', 'deputy') AND scope IN ('national', 'organisational') AND status IN ('proposed', 'active', 'rejected', 'ended') AND (valid_to IS NULL OR valid_to >= valid_from) AND (scope = 'organisational' OR country_code IS NOT NULL) AND (scope = 'national' OR organisation_id IS NOT NULL)`,
)
// Never two active primaries for one cell at overlapping dates (btree_gist; see the migration).
@Exclusion(
  'EX_poc_one_primary',
  `USING gist (mandate_code WITH =, scope WITH =, (coalesce(country_code, '')) WITH =, (coalesce(organisation_id::text, '')) WITH =, daterange(valid_from, valid_to, '[]') WITH &&) WHERE (status = 'active' AND role = 'primary')`,
)
export class PointOfContact {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'contact_id', type: 'uuid' })
  contactId: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Relation<Contact>;

  @Column({ name: 'mandate_code', type: 'text' })
  mandateCode: string;

  @ManyToOne(() => Mandate, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mandate_code' })
  mandate?: Relation<Mandate>;

  @Column({ type: 'text' })
  scope: DesignationScope;

  /** The country represented (national), or the organisation's country (organisational). */
  @Column({ name: 'country_code', type: 'char', length: 2, nullable: true })
  countryCode: string | null;

  @ManyToOne(() => Country, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'country_code' })
  country?: Relation<Country>;

  /** The organisation represented (organisational designations). */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: Relation<Organisation>;

  @Column({ type: 'text' })
  role: DesignationRole;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'text' })
  status: DesignationStatus;

  /** The authority that nominated the person and on what basis (e.g. "Ministry of Interior, order 12/2026"). */
  @Column({ name: 'nominating_authority', type: 'text' })
  nominatingAuthority: string;

  /** The user who entered or proposed the designation. */
  @Column({ name: 'nominated_by', type: 'uuid', nullable: true })
  nominatedBy: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** The designation this one takes over from (a handover); ended when this one is approved. */
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'last_confirmed_at', type: 'timestamptz' })
  lastConfirmedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

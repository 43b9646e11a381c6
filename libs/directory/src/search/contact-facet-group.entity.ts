import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * The contacts counted by what the directory's filters look at: one row per visibility, country,
 * organisation kind, status, set of mandates and set of languages, with how many contacts share
 * them. Kept by statement triggers on `contact` (see the ContactFacetRollup migration), so searches
 * without text count their totals and facets from these groups instead of reading every contact.
 */
@Entity({ name: 'contact_facet_group' })
@Unique('UQ_contact_facet_group', ['visibility', 'countryCode', 'kind', 'status', 'mandates', 'languages'])
export class ContactFacetGroup {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'text' })
  visibility: string;

  /** '' for contacts without a country (the unique key then still holds). */
  @Column({ name: 'country_code', type: 'text' })
  countryCode: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  status: string;

  /** Sorted, without repeats. */
  @Column({ type: 'text', array: true })
  mandates: string[];

  /** Sorted, without repeats. */
  @Column({ type: 'text', array: true })
  languages: string[];

  /** How many contacts are in the group; a group that empties is deleted. */
  @Column({ type: 'int' })
  n: number;
}

/** How many contacts of a group have each (folded) expertise tag. */
@Entity({ name: 'contact_facet_expertise' })
@Index('IDX_contact_facet_expertise_tag', ['tag'])
export class ContactFacetExpertise {
  @PrimaryColumn({ name: 'group_id', type: 'int' })
  groupId: number;

  @ManyToOne(() => ContactFacetGroup, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'group_id' })
  group?: ContactFacetGroup;

  @PrimaryColumn({ type: 'text' })
  tag: string;

  @Column({ type: 'int' })
  n: number;
}

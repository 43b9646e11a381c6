import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** What the directory's filters look at in a contact: the key of a facet group. */
abstract class FacetKey {
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
}

/**
 * The contacts counted by what the directory's filters look at: one row per visibility, country,
 * organisation kind, status, set of mandates and set of languages, with how many contacts share
 * them, so searches without text count their totals and facets from these groups instead of
 * reading every contact. Contact writes only append to `contact_facet_change_log` (statement
 * triggers, see the ContactFacetRollup migration); `contact_facet_compact()` folds the log into
 * the groups, and counts read the groups and the log together.
 */
@Entity({ name: 'contact_facet_group' })
@Unique('UQ_contact_facet_group', ['visibility', 'countryCode', 'kind', 'status', 'mandates', 'languages'])
export class ContactFacetGroup extends FacetKey {
  @PrimaryGeneratedColumn()
  id: number;

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

/**
 * What contact writes changed in the groups and is not folded into them yet: one row per contact
 * added to (d = 1) or taken from (d = -1) a group, with its tags. Appending never waits on another
 * writer; compaction deletes the rows it folds in.
 */
@Entity({ name: 'contact_facet_change_log' })
export class ContactFacetChangeLog extends FacetKey {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text', array: true })
  expertise: string[];

  @Column({ type: 'int' })
  d: number;
}

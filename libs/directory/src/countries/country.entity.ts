import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An ISO 3166-1 country, synchronised from a maintained data package at start-up. */
@Entity({ name: 'country' })
export class Country {
  @PrimaryColumn({ type: 'char', length: 2 })
  code: string;

  /** English short name; other languages come from the same package at request time. */
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  region: string;

  @Column({ name: 'eu_member', type: 'boolean', default: false })
  euMember: boolean;

  /** Whether the country takes part in the network (EU members and invited third countries). */
  @Column({ name: 'network_member', type: 'boolean', default: false })
  networkMember: boolean;

  /** ISO 639-1 codes of the country's official languages. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];
}

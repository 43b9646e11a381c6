import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Every word of every contact's search document: the lexicon that typo-tolerant search expands a
 * query word against (by prefix and by trigram similarity) before one indexed full-text match.
 * Words are only added; one that no contact uses any more simply matches nothing.
 */
@Entity({ name: 'search_term' })
@Index('IDX_search_term_trgm', { synchronize: false })
@Index('IDX_search_term_name', { synchronize: false })
export class SearchTerm {
  @PrimaryColumn({ type: 'text', collation: 'C' })
  term: string;

  /** Whether some contact has the word as a name (weight A): once true, it stays true. */
  @Column({ type: 'boolean', default: false })
  name: boolean;
}

import type { EntityManager } from 'typeorm';
import { likePatterns, replaceTerms } from './personal-data.js';

/** Free text of one of a context's own tables, rewritten by an erasure. */
export interface FreeTextColumns {
  table: string;
  key: string;
  /** Text or JSON columns that may name people. */
  columns: { name: string; json?: boolean }[];
  /** HTML columns rendered from a Markdown column: rendered again from the rewritten source. */
  rendered?: { html: string; from: string; render: (markdown: string) => string }[];
}

const identifier = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a column or table name: ${name}`);
  return `"${name}"`;
};

/**
 * Replaces the subject's names and addresses in free text of a context's own table (called by
 * that context's repository, with its own table): finds the rows by ILIKE, rewrites them in
 * TypeScript (whole words, any case), and writes back the changed ones. Returns how many.
 */
export async function rewriteFreeText(
  manager: EntityManager,
  spec: FreeTextColumns,
  terms: string[],
  pseudonym: string,
): Promise<number> {
  if (terms.length === 0) return 0;
  const key = identifier(spec.key);
  const cols = spec.columns.map((c) => identifier(c.name));
  const rows = (await manager.query(
    `SELECT ${key} AS "key", ${cols.join(', ')} FROM ${identifier(spec.table)}
      WHERE ${cols.map((c) => `${c}::text ILIKE ANY($1::text[])`).join(' OR ')}`,
    [likePatterns(terms)],
  )) as Record<string, unknown>[];
  let changed = 0;
  for (const row of rows) {
    const values = spec.columns.map((c) => replaceTerms(row[c.name], terms, pseudonym));
    // The ILIKE prefilter is wider than whole words: only rows that really name them change.
    if (JSON.stringify(values) === JSON.stringify(spec.columns.map((c) => row[c.name]))) continue;
    const rendered = (spec.rendered ?? []).map((r) => {
      const source = values[spec.columns.findIndex((c) => c.name === r.from)];
      return r.render(typeof source === 'string' ? source : '');
    });
    const sets = [
      ...spec.columns.map((c, i) => `${identifier(c.name)} = $${i + 2}${c.json ? '::jsonb' : ''}`),
      ...(spec.rendered ?? []).map((r, i) => `${identifier(r.html)} = $${spec.columns.length + i + 2}`),
    ];
    await manager.query(`UPDATE ${identifier(spec.table)} SET ${sets.join(', ')} WHERE ${key} = $1`, [
      row.key,
      ...spec.columns.map((c, i) => (c.json && values[i] !== null ? JSON.stringify(values[i]) : values[i])),
      ...rendered,
    ]);
    changed += 1;
  }
  return changed;
}

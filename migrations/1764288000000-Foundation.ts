import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions every context relies on, the accent-folding function for indexes, workspace facts. */
export class Foundation1764288000000 implements MigrationInterface {
  name = 'Foundation1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    // unaccent() is only STABLE (its dictionary could change); indexes need an IMMUTABLE wrapper
    // that names the dictionary explicitly.
    await q.query(`
      CREATE OR REPLACE FUNCTION liaison_unaccent(text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`);
    await q.query(`
      CREATE TABLE workspace_meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workspace_meta`);
    await q.query(`DROP FUNCTION liaison_unaccent(text)`);
  }
}

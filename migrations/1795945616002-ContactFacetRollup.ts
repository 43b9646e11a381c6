import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactFacetRollup1795945616002 implements MigrationInterface {
  name = 'ContactFacetRollup1795945616002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "contact_facet_group" ("id" SERIAL NOT NULL, "visibility" text NOT NULL, "country_code" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "mandates" text array NOT NULL, "languages" text array NOT NULL, "n" integer NOT NULL, CONSTRAINT "UQ_contact_facet_group" UNIQUE ("visibility", "country_code", "kind", "status", "mandates", "languages"), CONSTRAINT "PK_13b28e09f7133d7a075002ee073" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "contact_facet_expertise" ("group_id" integer NOT NULL, "tag" text NOT NULL, "n" integer NOT NULL, CONSTRAINT "PK_416894d9050e75514af4fbba536" PRIMARY KEY ("group_id", "tag"))`,
    );
    await q.query(`CREATE INDEX "IDX_contact_facet_expertise_tag" ON "contact_facet_expertise"  ("tag") `);
    await q.query(
      `CREATE TABLE "contact_facet_change_log" ("id" BIGSERIAL NOT NULL, "visibility" text NOT NULL, "country_code" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL, "mandates" text array NOT NULL, "languages" text array NOT NULL, "expertise" text array NOT NULL, "d" integer NOT NULL, CONSTRAINT "PK_b778de191f7c7a5210868444380" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `ALTER TABLE "contact_facet_expertise" ADD CONSTRAINT "FK_4c906708064a97228cc00bc86b5" FOREIGN KEY ("group_id") REFERENCES "contact_facet_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    // What one contact adds to (d = 1) or takes from (d = -1) the groups.
    await q.query(`
      CREATE TYPE contact_facet_change AS (
        visibility text, country_code text, kind text, status text,
        mandates text[], languages text[], expertise text[], d int)`);
    await q.query(`
      CREATE FUNCTION contact_facet_delta(c contact, d int) RETURNS contact_facet_change
      LANGUAGE sql IMMUTABLE AS $$
        SELECT ROW(c.visibility, coalesce(c.country_code::text, ''), c.organisation_kind, c.status,
                   ARRAY(SELECT DISTINCT m FROM unnest(c.mandates) m ORDER BY 1),
                   ARRAY(SELECT DISTINCT l FROM unnest(c.languages) l ORDER BY 1),
                   ARRAY(SELECT DISTINCT e FROM unnest(c.expertise_folded) e WHERE e IS NOT NULL ORDER BY 1),
                   d)::contact_facet_change
      $$`);
    // Adds changes up per group and per tag, skips what cancels out, and deletes what empties
    // (the initial fill and compaction use it).
    await q.query(`
      CREATE FUNCTION contact_facet_apply(changes contact_facet_change[]) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        emptied_groups int[];
        emptied_ids int[];
        emptied_tags text[];
      BEGIN
        WITH up AS (
          INSERT INTO contact_facet_group AS g (visibility, country_code, kind, status, mandates, languages, n)
          SELECT visibility, country_code, kind, status, mandates, languages, sum(d)
          FROM unnest(changes)
          GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0
          ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT ON CONSTRAINT "UQ_contact_facet_group" DO UPDATE SET n = g.n + EXCLUDED.n
          RETURNING g.id, g.n)
        SELECT array_agg(id) INTO emptied_groups FROM up WHERE n = 0;

        WITH up AS (
          INSERT INTO contact_facet_expertise AS e (group_id, tag, n)
          SELECT g.id, x.tag, sum(x.d)
          FROM (SELECT ch.visibility, ch.country_code, ch.kind, ch.status, ch.mandates, ch.languages, t.tag, ch.d
                FROM unnest(changes) ch CROSS JOIN LATERAL unnest(ch.expertise) t(tag)) x
          JOIN contact_facet_group g USING (visibility, country_code, kind, status, mandates, languages)
          GROUP BY 1, 2 HAVING sum(x.d) <> 0
          ORDER BY 1, 2
          ON CONFLICT (group_id, tag) DO UPDATE SET n = e.n + EXCLUDED.n
          RETURNING e.group_id, e.tag, e.n)
        SELECT array_agg(group_id), array_agg(tag) INTO emptied_ids, emptied_tags FROM up WHERE n = 0;

        IF emptied_ids IS NOT NULL THEN
          DELETE FROM contact_facet_expertise e USING unnest(emptied_ids, emptied_tags) z(group_id, tag)
          WHERE e.group_id = z.group_id AND e.tag = z.tag AND e.n = 0;
        END IF;
        IF emptied_groups IS NOT NULL THEN
          DELETE FROM contact_facet_group WHERE id = ANY(emptied_groups) AND n = 0;
        END IF;
      END $$`);
    // Contact writes only append what they change to the log (nothing another writer holds), the
    // moved rows of an update as a -1 and a +1 (an update that changes the id too).
    await q.query(`
      CREATE FUNCTION contact_facet_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          INSERT INTO contact_facet_change_log (visibility, country_code, kind, status, mandates, languages, expertise, d)
          SELECT (x).* FROM (SELECT contact_facet_delta(n, 1) AS x FROM new_rows n) c;
        ELSIF TG_OP = 'DELETE' THEN
          INSERT INTO contact_facet_change_log (visibility, country_code, kind, status, mandates, languages, expertise, d)
          SELECT (x).* FROM (SELECT contact_facet_delta(o, -1) AS x FROM old_rows o) c;
        ELSE
          INSERT INTO contact_facet_change_log (visibility, country_code, kind, status, mandates, languages, expertise, d)
          SELECT (x).* FROM (
            SELECT unnest(ARRAY[CASE WHEN o.id IS NOT NULL THEN contact_facet_delta(o, -1) END,
                                CASE WHEN n.id IS NOT NULL THEN contact_facet_delta(n, 1) END]) AS x
            FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
            WHERE o.id IS NULL OR n.id IS NULL
               OR (o.visibility, o.country_code, o.organisation_kind, o.status, o.mandates, o.languages, o.expertise_folded)
                  IS DISTINCT FROM (n.visibility, n.country_code, n.organisation_kind, n.status, n.mandates, n.languages, n.expertise_folded)
          ) c WHERE (x).d IS NOT NULL;
        END IF;
        RETURN NULL;
      END $$`);
    // Folds the log into the groups: what it deletes and what it adds commit together, so a count
    // reading the groups and the log sees every change once. One compaction at a time.
    await q.query(`
      CREATE FUNCTION contact_facet_compact() RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        changes contact_facet_change[];
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('contact_facet_compact'));
        WITH folded AS (
          DELETE FROM contact_facet_change_log
          RETURNING visibility, country_code, kind, status, mandates, languages, expertise, d)
        SELECT array_agg(ROW(f.visibility, f.country_code, f.kind, f.status, f.mandates, f.languages, f.expertise, f.d)::contact_facet_change)
        INTO changes FROM folded f;
        IF changes IS NULL THEN
          RETURN 0;
        END IF;
        PERFORM contact_facet_apply(changes);
        RETURN cardinality(changes);
      END $$`);
    // Counts the groups afresh from the contacts (after data was loaded with triggers off, say):
    // contact writes wait meanwhile, so no change is counted twice or lost.
    await q.query(`
      CREATE FUNCTION contact_facet_rebuild() RETURNS int LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('contact_facet_compact'));
        LOCK TABLE contact IN SHARE MODE;
        DELETE FROM contact_facet_change_log;
        DELETE FROM contact_facet_group;
        PERFORM contact_facet_apply(ARRAY(SELECT contact_facet_delta(c, 1) FROM contact c));
        RETURN (SELECT count(*) FROM contact_facet_group);
      END $$`);
    await q.query(`
      CREATE FUNCTION contact_facet_reset() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        TRUNCATE contact_facet_change_log, contact_facet_expertise, contact_facet_group;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER contact_facet_rollup_insert AFTER INSERT ON contact
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_facet_rollup()`);
    await q.query(`
      CREATE TRIGGER contact_facet_rollup_update AFTER UPDATE ON contact
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_facet_rollup()`);
    await q.query(`
      CREATE TRIGGER contact_facet_rollup_delete AFTER DELETE ON contact
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION contact_facet_rollup()`);
    await q.query(`
      CREATE TRIGGER contact_facet_rollup_truncate AFTER TRUNCATE ON contact
      FOR EACH STATEMENT EXECUTE FUNCTION contact_facet_reset()`);
    await q.query(`SELECT contact_facet_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const trigger of ['insert', 'update', 'delete', 'truncate'])
      await q.query(`DROP TRIGGER contact_facet_rollup_${trigger} ON contact`);
    await q.query(`DROP FUNCTION contact_facet_reset()`);
    await q.query(`DROP FUNCTION contact_facet_rebuild()`);
    await q.query(`DROP FUNCTION contact_facet_compact()`);
    await q.query(`DROP FUNCTION contact_facet_rollup()`);
    await q.query(`DROP FUNCTION contact_facet_apply(contact_facet_change[])`);
    await q.query(`DROP FUNCTION contact_facet_delta(contact, int)`);
    await q.query(`DROP TYPE contact_facet_change`);
    await q.query(`ALTER TABLE "contact_facet_expertise" DROP CONSTRAINT "FK_4c906708064a97228cc00bc86b5"`);
    await q.query(`DROP TABLE "contact_facet_change_log"`);
    await q.query(`DROP INDEX "public"."IDX_contact_facet_expertise_tag"`);
    await q.query(`DROP TABLE "contact_facet_expertise"`);
    await q.query(`DROP TABLE "contact_facet_group"`);
  }
}

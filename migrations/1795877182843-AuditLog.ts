import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit log: append-only (enforced by triggers, not only by the application), hash-chained. */
export class AuditLog1795877182843 implements MigrationInterface {
  name = 'AuditLog1795877182843';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "audit_event" ("seq" bigint NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "action" text NOT NULL, "target_type" text, "target_id" text, "ip" text, "details" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_53300da00860bdf4dc3ef7daae6" PRIMARY KEY ("seq"))`,
    );
    await q.query(`CREATE INDEX "IDX_audit_event_at" ON "audit_event"  ("at") `);
    await q.query(`CREATE INDEX "IDX_audit_event_action" ON "audit_event"  ("action", "seq") `);
    await q.query(`CREATE INDEX "IDX_audit_event_actor" ON "audit_event"  ("actor_id", "seq") `);
    await q.query(`
      CREATE FUNCTION audit_event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()`);
    await q.query(`
      CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_no_truncate ON audit_event`);
    await q.query(`DROP TRIGGER audit_event_append_only ON audit_event`);
    await q.query(`DROP FUNCTION audit_event_refuse_change()`);
    await q.query(`DROP INDEX "public"."IDX_audit_event_actor"`);
    await q.query(`DROP INDEX "public"."IDX_audit_event_action"`);
    await q.query(`DROP INDEX "public"."IDX_audit_event_at"`);
    await q.query(`DROP TABLE "audit_event"`);
  }
}

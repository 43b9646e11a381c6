import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Protocol v2's key transparency log (entries and every signed head, append-only), the devices it
 * certifies with their KeyPackages, and the session's last re-authentication (for changes that must
 * not rest on a session alone).
 */
export class KeyTransparency1796642853277 implements MigrationInterface {
  name = 'KeyTransparency1796642853277';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "key_log_entry" ("position" integer NOT NULL, "user_id" uuid NOT NULL, "kind" text NOT NULL, "device_id" text, "record" jsonb NOT NULL, "leaf_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_777d785b13877c940d963f92d33" PRIMARY KEY ("position"))`,
    );
    await q.query(`CREATE INDEX "IDX_key_log_entry_user" ON "key_log_entry"  ("user_id", "position") `);
    await q.query(
      `CREATE TABLE "key_log_head" ("size" integer NOT NULL, "root" bytea NOT NULL, "issued_at" bigint NOT NULL, "signature" bytea NOT NULL, CONSTRAINT "PK_b43c462bcded8e04a631a767c10" PRIMARY KEY ("size"))`,
    );
    await q.query(
      `CREATE TABLE "mls_device" ("user_id" uuid NOT NULL, "device_id" text NOT NULL, "signature_key" bytea NOT NULL, "identity_key" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_318ae2233ea0fa58e33260767e6" PRIMARY KEY ("user_id", "device_id"))`,
    );
    await q.query(
      `CREATE TABLE "mls_key_package" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "device_id" text NOT NULL, "key_package" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1e948f85475152326bf432e83b9" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_mls_key_package_device" ON "mls_key_package"  ("user_id", "device_id", "created_at") `,
    );
    await q.query(`ALTER TABLE "session" ADD "reauthenticated_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`
      CREATE FUNCTION key_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the key transparency log is append-only';
      END $$`);
    for (const table of ['key_log_entry', 'key_log_head']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION key_log_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION key_log_refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['key_log_entry', 'key_log_head']) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
      await q.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
    }
    await q.query(`DROP FUNCTION key_log_refuse_change()`);
    await q.query(`ALTER TABLE "session" DROP COLUMN "reauthenticated_at"`);
    await q.query(`DROP INDEX "public"."IDX_mls_key_package_device"`);
    await q.query(`DROP TABLE "mls_key_package"`);
    await q.query(`DROP TABLE "mls_device"`);
    await q.query(`DROP TABLE "key_log_head"`);
    await q.query(`DROP INDEX "public"."IDX_key_log_entry_user"`);
    await q.query(`DROP TABLE "key_log_entry"`);
  }
}

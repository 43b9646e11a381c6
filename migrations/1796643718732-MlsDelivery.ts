import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The MLS delivery service (protocol v2): threads with the epoch accepted last, their devices and
 * members as commits declared them, messages (application, commit, proposal) in one gap-free
 * sequence per thread, Welcomes per added device, and who claimed whose KeyPackage.
 */
export class MlsDelivery1796643718732 implements MigrationInterface {
  name = 'MlsDelivery1796643718732';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mls_thread" ("id" uuid NOT NULL, "created_by" uuid NOT NULL, "epoch" integer NOT NULL DEFAULT '0', "last_seq" bigint NOT NULL DEFAULT '0', "linked_type" text, "linked_id" text, "retention_days" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5c292e1951808d86bb51327144d" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "mls_thread_device" ("thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "device_id" text NOT NULL, "joined_seq" bigint NOT NULL, "left_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b71db5528df7e093d1b1fb26506" PRIMARY KEY ("thread_id", "user_id", "device_id"))`,
    );
    await q.query(
      `CREATE TABLE "mls_thread_member" ("thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "last_read_seq" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_63e537d75be4bede6f54ab68b5b" PRIMARY KEY ("thread_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_mls_thread_member_user" ON "mls_thread_member"  ("user_id") `);
    await q.query(
      `CREATE TABLE "mls_message" ("id" uuid NOT NULL, "thread_id" uuid NOT NULL, "seq" bigint NOT NULL, "epoch" integer NOT NULL, "kind" text NOT NULL, "sender_user_id" uuid NOT NULL, "sender_device_id" text NOT NULL, "client_message_id" text NOT NULL, "body" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bec35c71bf9b7ffd01f346a7b9f" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_mls_message_client_id" ON "mls_message"  ("thread_id", "sender_user_id", "client_message_id") `,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_mls_message_seq" ON "mls_message"  ("thread_id", "seq") `);
    await q.query(
      `CREATE TABLE "mls_welcome" ("id" uuid NOT NULL, "thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "device_id" text NOT NULL, "epoch" integer NOT NULL, "body" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_efc82af5e6af95312d0726c9f3f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_mls_welcome_device" ON "mls_welcome"  ("user_id", "device_id") `);
    await q.query(
      `CREATE TABLE "mls_key_package_claim" ("id" uuid NOT NULL, "claimed_by" uuid NOT NULL, "user_id" uuid NOT NULL, "device_id" text NOT NULL, "claimed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1998e4300ea5a35b606969e889d" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "IDX_mls_key_package_claim" ON "mls_key_package_claim"  ("claimed_by", "user_id", "device_id") `,
    );
    await q.query(
      `ALTER TABLE "mls_thread_device" ADD CONSTRAINT "FK_cebc7da1f97aaf02f799e38750d" FOREIGN KEY ("thread_id") REFERENCES "mls_thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mls_thread_member" ADD CONSTRAINT "FK_51b4900982db94c9f36ec5c3b0b" FOREIGN KEY ("thread_id") REFERENCES "mls_thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mls_message" ADD CONSTRAINT "FK_09c30062eff516aadff7dd92fa8" FOREIGN KEY ("thread_id") REFERENCES "mls_thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "mls_welcome" ADD CONSTRAINT "FK_718efa663de421981c9460e0746" FOREIGN KEY ("thread_id") REFERENCES "mls_thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "mls_welcome" DROP CONSTRAINT "FK_718efa663de421981c9460e0746"`);
    await q.query(`ALTER TABLE "mls_message" DROP CONSTRAINT "FK_09c30062eff516aadff7dd92fa8"`);
    await q.query(`ALTER TABLE "mls_thread_member" DROP CONSTRAINT "FK_51b4900982db94c9f36ec5c3b0b"`);
    await q.query(`ALTER TABLE "mls_thread_device" DROP CONSTRAINT "FK_cebc7da1f97aaf02f799e38750d"`);
    await q.query(`DROP INDEX "public"."IDX_mls_key_package_claim"`);
    await q.query(`DROP TABLE "mls_key_package_claim"`);
    await q.query(`DROP INDEX "public"."IDX_mls_welcome_device"`);
    await q.query(`DROP TABLE "mls_welcome"`);
    await q.query(`DROP INDEX "public"."UQ_mls_message_seq"`);
    await q.query(`DROP INDEX "public"."UQ_mls_message_client_id"`);
    await q.query(`DROP TABLE "mls_message"`);
    await q.query(`DROP INDEX "public"."IDX_mls_thread_member_user"`);
    await q.query(`DROP TABLE "mls_thread_member"`);
    await q.query(`DROP TABLE "mls_thread_device"`);
    await q.query(`DROP TABLE "mls_thread"`);
  }
}

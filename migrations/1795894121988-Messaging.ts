import type { MigrationInterface, QueryRunner } from 'typeorm';

/** End-to-end encrypted messaging: key directory and backups, threads, rosters, key distributions, messages. */
export class Messaging1795894121988 implements MigrationInterface {
  name = 'Messaging1795894121988';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "key_backup" ("user_id" uuid NOT NULL, "blob" jsonb NOT NULL, "version" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_56395a7c954b64de13f5abf03ae" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `CREATE TABLE "user_key" ("user_id" uuid NOT NULL, "version" integer NOT NULL, "sign_public_key" text NOT NULL, "enc_public_key" text NOT NULL, "self_signature" text NOT NULL, "fingerprint" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8754e086e3c2456ad6f9dca8414" PRIMARY KEY ("user_id", "version"))`,
    );
    await q.query(
      `CREATE TABLE "thread" ("id" uuid NOT NULL, "created_by" uuid NOT NULL, "epoch" integer NOT NULL, "roster_seq" integer NOT NULL, "roster_head" text NOT NULL, "rotated_by" uuid, "last_seq" bigint NOT NULL DEFAULT '0', "linked_type" text, "linked_id" text, "retention_days" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cabc0f3f27d7b1c70cf64623e02" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "key_distribution" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "epoch" integer NOT NULL, "roster_seq" integer NOT NULL, "distributor" uuid NOT NULL, "body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2c286c42305d357d4ad3c15fdbc" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "UQ_key_distribution_point" ON "key_distribution"  ("thread_id", "epoch", "roster_seq") `,
    );
    await q.query(
      `CREATE TABLE "message" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "seq" bigint NOT NULL, "epoch" integer NOT NULL, "sender_user_id" uuid NOT NULL, "client_message_id" text NOT NULL, "sent_at" text NOT NULL, "nonce" text NOT NULL, "ciphertext" text NOT NULL, "signature" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba01f0a3e0123651915008bc578" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_message_created" ON "message"  ("created_at") `);
    await q.query(
      `CREATE UNIQUE INDEX "UQ_message_client_id" ON "message"  ("thread_id", "sender_user_id", "client_message_id") `,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_message_thread_seq" ON "message"  ("thread_id", "seq") `);
    await q.query(
      `CREATE TABLE "roster_event" ("thread_id" uuid NOT NULL, "seq" integer NOT NULL, "event" jsonb NOT NULL, "hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3aa5b6b639feca1fcac4d03efdd" PRIMARY KEY ("thread_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "thread_member" ("thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "last_read_seq" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_5839c95877f8141379a2597eaab" PRIMARY KEY ("thread_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_thread_member_user" ON "thread_member"  ("user_id") `);
    await q.query(
      `ALTER TABLE "key_distribution" ADD CONSTRAINT "FK_f31f4619938bae2c68239f87df9" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "message" ADD CONSTRAINT "FK_11cb07b9ecf8cb247c5e2dc86ab" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "roster_event" ADD CONSTRAINT "FK_3ae907e29c366140dff680af1d3" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "thread_member" ADD CONSTRAINT "FK_797b8d75f5fce9c1322ccb64dfb" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "thread_member" DROP CONSTRAINT "FK_797b8d75f5fce9c1322ccb64dfb"`);
    await q.query(`ALTER TABLE "roster_event" DROP CONSTRAINT "FK_3ae907e29c366140dff680af1d3"`);
    await q.query(`ALTER TABLE "message" DROP CONSTRAINT "FK_11cb07b9ecf8cb247c5e2dc86ab"`);
    await q.query(`ALTER TABLE "key_distribution" DROP CONSTRAINT "FK_f31f4619938bae2c68239f87df9"`);
    await q.query(`DROP INDEX "public"."IDX_thread_member_user"`);
    await q.query(`DROP TABLE "thread_member"`);
    await q.query(`DROP TABLE "roster_event"`);
    await q.query(`DROP INDEX "public"."UQ_message_thread_seq"`);
    await q.query(`DROP INDEX "public"."UQ_message_client_id"`);
    await q.query(`DROP INDEX "public"."IDX_message_created"`);
    await q.query(`DROP TABLE "message"`);
    await q.query(`DROP INDEX "public"."UQ_key_distribution_point"`);
    await q.query(`DROP TABLE "key_distribution"`);
    await q.query(`DROP TABLE "thread"`);
    await q.query(`DROP TABLE "user_key"`);
    await q.query(`DROP TABLE "key_backup"`);
  }
}

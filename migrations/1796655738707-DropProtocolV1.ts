import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Removes protocol v1 of the encrypted threads: the tables `thread`, `thread_member`,
 * `roster_event`, `key_distribution`, `history_share`, `message`, `attachment` (the rows; files
 * of v1 attachments in the attachment store are left on disk) and `user_key`, with their indexes
 * and foreign keys. `key_backup` stays (protocol v2's backups live there). Their data is dropped,
 * not converted: a v1 thread cannot become an MLS group, because its messages were encrypted under
 * per-epoch secrets that only its members' browsers held, and the server can neither read them
 * nor re-encrypt them. `down` recreates the tables empty.
 */
export class DropProtocolV11796655738707 implements MigrationInterface {
  name = 'DropProtocolV11796655738707';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "history_share" DROP CONSTRAINT "FK_221ab5d503c34a1ca83994af6a1"`);
    await q.query(`ALTER TABLE "attachment" DROP CONSTRAINT "FK_8b747bea575115f98d3bd0ca234"`);
    await q.query(`ALTER TABLE "thread_member" DROP CONSTRAINT "FK_797b8d75f5fce9c1322ccb64dfb"`);
    await q.query(`ALTER TABLE "roster_event" DROP CONSTRAINT "FK_3ae907e29c366140dff680af1d3"`);
    await q.query(`ALTER TABLE "message" DROP CONSTRAINT "FK_11cb07b9ecf8cb247c5e2dc86ab"`);
    await q.query(`ALTER TABLE "key_distribution" DROP CONSTRAINT "FK_f31f4619938bae2c68239f87df9"`);
    await q.query(`DROP TABLE "history_share"`);
    await q.query(`DROP INDEX "public"."IDX_attachment_thread"`);
    await q.query(`DROP TABLE "attachment"`);
    await q.query(`DROP INDEX "public"."IDX_thread_member_user"`);
    await q.query(`DROP TABLE "thread_member"`);
    await q.query(`DROP TABLE "roster_event"`);
    await q.query(`DROP INDEX "public"."IDX_message_created_brin"`);
    await q.query(`DROP INDEX "public"."UQ_message_thread_seq"`);
    await q.query(`DROP INDEX "public"."UQ_message_client_id"`);
    await q.query(`DROP TABLE "message"`);
    await q.query(`DROP INDEX "public"."UQ_key_distribution_point"`);
    await q.query(`DROP TABLE "key_distribution"`);
    await q.query(`DROP TABLE "thread"`);
    await q.query(`DROP TABLE "user_key"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "user_key" ("user_id" uuid NOT NULL, "version" integer NOT NULL, "sign_public_key" text NOT NULL, "enc_public_key" text NOT NULL, "self_signature" text NOT NULL, "fingerprint" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8754e086e3c2456ad6f9dca8414" PRIMARY KEY ("user_id", "version"))`,
    );
    await q.query(
      `CREATE TABLE "thread" ("id" uuid NOT NULL, "created_by" uuid NOT NULL, "epoch" integer NOT NULL, "roster_seq" integer NOT NULL, "roster_head" text NOT NULL, "rotated_by" uuid, "last_seq" bigint NOT NULL DEFAULT '0', "linked_type" text, "linked_id" text, "retention_days" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "share_history" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_cabc0f3f27d7b1c70cf64623e02" PRIMARY KEY ("id"))`,
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
    await q.query(
      `CREATE UNIQUE INDEX "UQ_message_client_id" ON "message"  ("thread_id", "sender_user_id", "client_message_id") `,
    );
    await q.query(`CREATE UNIQUE INDEX "UQ_message_thread_seq" ON "message"  ("thread_id", "seq") `);
    await q.query(`CREATE INDEX "IDX_message_created_brin" ON "message" USING brin ("created_at")`);
    await q.query(
      `CREATE TABLE "roster_event" ("thread_id" uuid NOT NULL, "seq" integer NOT NULL, "event" jsonb NOT NULL, "hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3aa5b6b639feca1fcac4d03efdd" PRIMARY KEY ("thread_id", "seq"))`,
    );
    await q.query(
      `CREATE TABLE "thread_member" ("thread_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "last_read_seq" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_5839c95877f8141379a2597eaab" PRIMARY KEY ("thread_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_thread_member_user" ON "thread_member"  ("user_id") `);
    await q.query(
      `CREATE TABLE "attachment" ("id" uuid NOT NULL, "thread_id" uuid NOT NULL, "uploader_user_id" uuid NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d2a80c3a8d467f08a750ac4b420" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_attachment_thread" ON "attachment"  ("thread_id", "created_at") `);
    await q.query(
      `CREATE TABLE "history_share" ("thread_id" uuid NOT NULL, "roster_seq" integer NOT NULL, "recipient_user_id" uuid NOT NULL, "body" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_887f004bc58ea39d10b94617b65" PRIMARY KEY ("thread_id", "roster_seq"))`,
    );
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
    await q.query(
      `ALTER TABLE "attachment" ADD CONSTRAINT "FK_8b747bea575115f98d3bd0ca234" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "history_share" ADD CONSTRAINT "FK_221ab5d503c34a1ca83994af6a1" FOREIGN KEY ("thread_id") REFERENCES "thread"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }
}

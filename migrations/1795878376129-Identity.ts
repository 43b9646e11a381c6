import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, MFA recovery codes, invitations, sessions with rotating refresh tokens, login throttling. */
export class Identity1795878376129 implements MigrationInterface {
  name = 'Identity1795878376129';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "mfa_recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "code_hash" text NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_824921896b23fe8ce3a2aa97db9" UNIQUE ("code_hash"), CONSTRAINT "PK_cdbbb187d9498f3aee029649fbf" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_mfa_recovery_code_user" ON "mfa_recovery_code"  ("user_id") `);
    await q.query(
      `CREATE TABLE "user_account" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" citext NOT NULL, "display_name" text NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{member}', "organisation_id" uuid, "status" text NOT NULL DEFAULT 'active', "mfa_secret" text, "mfa_pending_secret" text, "mfa_enabled_at" TIMESTAMP WITH TIME ZONE, "mfa_last_step" bigint, "last_sign_in_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_56a0e4bcec2b5411beafa47ffa5" UNIQUE ("email"), CONSTRAINT "PK_6acfec7285fdf9f463462de3e9f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_user_account_organisation" ON "user_account"  ("organisation_id") `);
    await q.query(
      `CREATE TABLE "session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "device" text NOT NULL, "ip" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_reason" text, CONSTRAINT "PK_f55da76ac1c3ac420f444d2ff11" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_session_user" ON "session"  ("user_id") `);
    await q.query(
      `CREATE TABLE "refresh_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "token_hash" text NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "spent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_f0812282fad2e352cdaf83ef0a9" UNIQUE ("token_hash"), CONSTRAINT "PK_b575dd3c21fb0831013c909e7fe" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_refresh_token_session" ON "refresh_token"  ("session_id") `);
    await q.query(
      `CREATE TABLE "invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" citext NOT NULL, "display_name" text, "role" text NOT NULL, "organisation_id" uuid, "token_hash" text NOT NULL, "invited_by" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_b827d3749ffbb3b5ab5099afd64" UNIQUE ("token_hash"), CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_invitation_email" ON "invitation"  ("email") `);
    await q.query(
      `CREATE TABLE "login_throttle" ("email_key" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_8e8021a4e8b6d9b37eb103c098d" PRIMARY KEY ("email_key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "login_throttle"`);
    await q.query(`DROP INDEX "public"."IDX_invitation_email"`);
    await q.query(`DROP TABLE "invitation"`);
    await q.query(`DROP INDEX "public"."IDX_refresh_token_session"`);
    await q.query(`DROP TABLE "refresh_token"`);
    await q.query(`DROP INDEX "public"."IDX_session_user"`);
    await q.query(`DROP TABLE "session"`);
    await q.query(`DROP INDEX "public"."IDX_user_account_organisation"`);
    await q.query(`DROP TABLE "user_account"`);
    await q.query(`DROP INDEX "public"."IDX_mfa_recovery_code_user"`);
    await q.query(`DROP TABLE "mfa_recovery_code"`);
  }
}

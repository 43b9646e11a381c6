import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Working groups, action plans and items (issue 6): members with roles, plans with a TLP 2.0
 * handling code, items with assignees, dependencies, comments and an activity history. Value
 * checks are CHECK constraints; people and organisations are checked by the service (they belong
 * to other contexts).
 */
export class Planning1795902758815 implements MigrationInterface {
  name = 'Planning1795902758815';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "working_group" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "purpose" text NOT NULL DEFAULT '', "thread_id" uuid, "created_by" uuid NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9cbcc6e96966bec27f605e3c9f4" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "working_group_member" ("group_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ee45239c7ba84d7e3bca845267e" PRIMARY KEY ("group_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_working_group_member_user" ON "working_group_member"  ("user_id") `);
    await q.query(
      `CREATE TABLE "action_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "title" text NOT NULL, "objective" text NOT NULL DEFAULT '', "owning_organisation_id" uuid, "period_start" date, "period_end" date, "status" text NOT NULL DEFAULT 'draft', "tlp" text NOT NULL, "version" integer NOT NULL DEFAULT '1', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_73de59f4ddad48bad469c1afdbd" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_action_plan_group" ON "action_plan"  ("group_id") `);
    await q.query(
      `CREATE TABLE "action_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "reference" text NOT NULL, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "description_html" text NOT NULL DEFAULT '', "lead_organisation_id" uuid, "start_date" date, "due_date" date, "priority" text NOT NULL DEFAULT 'normal', "progress" smallint NOT NULL DEFAULT '0', "status" text NOT NULL DEFAULT 'not_started', "status_reason" text, "version" integer NOT NULL DEFAULT '1', "source_thread_id" uuid, "source_message_id" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_action_item_reference" UNIQUE ("plan_id", "reference"), CONSTRAINT "PK_1214f6f4d832c402751617361c0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_action_item_plan_due" ON "action_item"  ("plan_id", "due_date") `);
    await q.query(`CREATE INDEX "IDX_action_item_plan_status" ON "action_item"  ("plan_id", "status") `);
    await q.query(
      `CREATE TABLE "action_item_assignee" ("item_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "PK_f3f53877e325eb78bd4b46a5bad" PRIMARY KEY ("item_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_action_item_assignee_user" ON "action_item_assignee"  ("user_id") `);
    await q.query(
      `CREATE TABLE "action_item_dependency" ("item_id" uuid NOT NULL, "depends_on_id" uuid NOT NULL, CONSTRAINT "PK_3ed49f661ef250fd8f00f841baa" PRIMARY KEY ("item_id", "depends_on_id"))`,
    );
    await q.query(`CREATE INDEX "IDX_action_item_dependency_target" ON "action_item_dependency"  ("depends_on_id") `);
    await q.query(
      `CREATE TABLE "action_item_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "item_id" uuid NOT NULL, "author_id" uuid NOT NULL, "body" text NOT NULL, "body_html" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7c333f47c2d559cf1188884b7d2" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_action_item_comment_item" ON "action_item_comment"  ("item_id", "created_at") `);
    await q.query(
      `CREATE TABLE "action_item_activity" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "item_id" uuid NOT NULL, "plan_id" uuid NOT NULL, "actor_id" uuid NOT NULL, "action" text NOT NULL, "changes" jsonb NOT NULL DEFAULT '{}', "item_version" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0ada37a6a41c26d29b4e840eaea" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_action_item_activity_plan" ON "action_item_activity"  ("plan_id", "id") `);
    await q.query(`CREATE INDEX "IDX_action_item_activity_item" ON "action_item_activity"  ("item_id", "id") `);
    await q.query(
      `ALTER TABLE "working_group_member" ADD CONSTRAINT "CHK_working_group_member_role" CHECK (role IN ('chair', 'member', 'observer'))`,
    );
    await q.query(
      `ALTER TABLE "action_plan" ADD CONSTRAINT "CHK_action_plan_values" CHECK (status IN ('draft', 'active', 'completed', 'archived') AND tlp IN ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED') AND (period_end IS NULL OR period_start IS NULL OR period_end >= period_start))`,
    );
    await q.query(
      `ALTER TABLE "action_item" ADD CONSTRAINT "CHK_action_item_values" CHECK (status IN ('not_started', 'in_progress', 'blocked', 'done', 'cancelled') AND priority IN ('low', 'normal', 'high', 'critical') AND progress BETWEEN 0 AND 100 AND (due_date IS NULL OR start_date IS NULL OR due_date >= start_date) AND (status NOT IN ('blocked', 'cancelled') OR status_reason IS NOT NULL))`,
    );
    await q.query(
      `ALTER TABLE "action_item_dependency" ADD CONSTRAINT "CHK_action_item_dependency_self" CHECK (item_id <> depends_on_id)`,
    );
    await q.query(
      `ALTER TABLE "working_group_member" ADD CONSTRAINT "FK_1055a98d4143d1ecf978a17fb3b" FOREIGN KEY ("group_id") REFERENCES "working_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_plan" ADD CONSTRAINT "FK_e1548d5bc50e9a6b6f9f199f40b" FOREIGN KEY ("group_id") REFERENCES "working_group"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_item" ADD CONSTRAINT "FK_58a9278d26ce0aa3d381462f433" FOREIGN KEY ("plan_id") REFERENCES "action_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_item_assignee" ADD CONSTRAINT "FK_6362d82867ba45213058cba1c09" FOREIGN KEY ("item_id") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_item_dependency" ADD CONSTRAINT "FK_00a3c925a84ddd4e2537bca11e7" FOREIGN KEY ("item_id") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_item_dependency" ADD CONSTRAINT "FK_db7df82896a6c244150a89dcad7" FOREIGN KEY ("depends_on_id") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_item_comment" ADD CONSTRAINT "FK_2537930a3a3aca305d7dc4b00eb" FOREIGN KEY ("item_id") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "action_item_activity" ADD CONSTRAINT "FK_ddeb97e424c3063ee944af82029" FOREIGN KEY ("item_id") REFERENCES "action_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "action_item_activity" DROP CONSTRAINT "FK_ddeb97e424c3063ee944af82029"`);
    await q.query(`ALTER TABLE "action_item_comment" DROP CONSTRAINT "FK_2537930a3a3aca305d7dc4b00eb"`);
    await q.query(`ALTER TABLE "action_item_dependency" DROP CONSTRAINT "FK_db7df82896a6c244150a89dcad7"`);
    await q.query(`ALTER TABLE "action_item_dependency" DROP CONSTRAINT "FK_00a3c925a84ddd4e2537bca11e7"`);
    await q.query(`ALTER TABLE "action_item_assignee" DROP CONSTRAINT "FK_6362d82867ba45213058cba1c09"`);
    await q.query(`ALTER TABLE "action_item" DROP CONSTRAINT "FK_58a9278d26ce0aa3d381462f433"`);
    await q.query(`ALTER TABLE "action_plan" DROP CONSTRAINT "FK_e1548d5bc50e9a6b6f9f199f40b"`);
    await q.query(`ALTER TABLE "working_group_member" DROP CONSTRAINT "FK_1055a98d4143d1ecf978a17fb3b"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_activity_item"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_activity_plan"`);
    await q.query(`DROP TABLE "action_item_activity"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_comment_item"`);
    await q.query(`DROP TABLE "action_item_comment"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_dependency_target"`);
    await q.query(`DROP TABLE "action_item_dependency"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_assignee_user"`);
    await q.query(`DROP TABLE "action_item_assignee"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_plan_status"`);
    await q.query(`DROP INDEX "public"."IDX_action_item_plan_due"`);
    await q.query(`DROP TABLE "action_item"`);
    await q.query(`DROP INDEX "public"."IDX_action_plan_group"`);
    await q.query(`DROP TABLE "action_plan"`);
    await q.query(`DROP INDEX "public"."IDX_working_group_member_user"`);
    await q.query(`DROP TABLE "working_group_member"`);
    await q.query(`DROP TABLE "working_group"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cheaper message inserts: a BRIN index on created_at (for retention) instead of a B-tree. */
export class MessagingLoad1795896616243 implements MigrationInterface {
  name = 'MessagingLoad1795896616243';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_message_created"`);
    await q.query(`CREATE INDEX "IDX_message_created_brin" ON "message" USING brin ("created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."IDX_message_created_brin"`);
    await q.query(`CREATE INDEX "IDX_message_created" ON "message" USING btree ("created_at") `);
  }
}

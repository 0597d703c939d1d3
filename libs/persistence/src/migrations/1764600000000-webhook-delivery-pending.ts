import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pending webhook deliveries by age: the outbox relay's sweep looks for deliveries whose job Redis
 * lost; the index keeps that look-up off the (ever-growing) delivery history.
 */
export class WebhookDeliveryPending1764600000000 implements MigrationInterface {
  name = 'WebhookDeliveryPending1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX ix_webhook_delivery_pending ON webhook_delivery (created_at) WHERE state = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ix_webhook_delivery_pending`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row the relay can never publish (larger than the bus carries, a payload that is not an event) is put on
 * the dead-letter stream and kept here, marked, so the relay passes it by and an operator can hand it back (replay).
 */
export class OutboxDeadLetters1732500008300 implements MigrationInterface {
  name = 'OutboxDeadLetters1732500008300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN dead_lettered_at timestamptz, ADD COLUMN dead_letter_reason text`);
    await q.query(`CREATE INDEX ix_outbox_pending ON outbox (id) WHERE dead_lettered_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_outbox_pending`);
    await q.query(`ALTER TABLE outbox DROP COLUMN dead_letter_reason, DROP COLUMN dead_lettered_at`);
  }
}

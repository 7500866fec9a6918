import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An Idempotency-Key is claimed before its request runs (a row without an answer yet), so two concurrent
 * requests with one key can never both act; `claimed_at` lets a claim whose process died be taken over.
 */
export class IdempotencyClaims1732500007000 implements MigrationInterface {
  name = 'IdempotencyClaims1732500007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN status DROP NOT NULL, ALTER COLUMN body DROP NOT NULL`);
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN claimed_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_keys WHERE status IS NULL`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN claimed_at`);
    await q.query(`ALTER TABLE idempotency_keys ALTER COLUMN status SET NOT NULL, ALTER COLUMN body SET NOT NULL`);
  }
}

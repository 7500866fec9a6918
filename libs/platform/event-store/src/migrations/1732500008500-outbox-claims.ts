import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Publish on commit (decision 0014): an outbox row names its stream, and a writer that will publish the row itself
 * right after its commit claims it for a few seconds (`claimed_by` its instance, `claimed_until`). The relay passes
 * a claimed row by, and every later row of its stream, until the claim is gone or has lapsed. The stream is taken
 * from the row's payload by PostgreSQL itself, so a writer of the version before (during a rolling upgrade) that
 * does not name it still has its rows seen by a new writer's claim check. The outbox holds only what is not yet
 * published, so rewriting it for the stored column and building the index take a moment.
 */
export class OutboxClaims1732500008500 implements MigrationInterface {
  name = 'OutboxClaims1732500008500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE outbox ADD COLUMN stream_id text GENERATED ALWAYS AS (payload->>'streamId') STORED,
         ADD COLUMN claimed_by text, ADD COLUMN claimed_until timestamptz`,
    );
    await q.query(`CREATE INDEX ix_outbox_stream ON outbox (stream_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_outbox_stream`);
    await q.query(`ALTER TABLE outbox DROP COLUMN claimed_until, DROP COLUMN claimed_by, DROP COLUMN stream_id`);
  }
}

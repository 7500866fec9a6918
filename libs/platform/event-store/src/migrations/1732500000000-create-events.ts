import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event store: one table of all streams plus the outbox the relay drains to JetStream.
 * `transaction_id` (xid8) lets readers of the whole log avoid skipping events that commit out of
 * position order; the unique (stream_id, stream_version) constraint is the optimistic-concurrency check.
 */
export class CreateEvents1732500000000 implements MigrationInterface {
  name = 'CreateEvents1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        global_position bigserial PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT uq_events_stream_version UNIQUE (stream_id, stream_version),
        CONSTRAINT uq_events_event_id UNIQUE (event_id)
      )`);
    await q.query(`CREATE INDEX ix_events_tx_position ON events (transaction_id, global_position)`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        subject text NOT NULL,
        payload jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE events`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows carry their relay group, so several relays can publish at once (decision 0012): a group is a hash of the
 * row's stream id modulo `outbox_relay_groups()`, computed by PostgreSQL itself (a stored generated column), so every
 * writer, this migration's fill of the rows already waiting and any later insert agree, and one stream's rows are
 * always in one group. The relay reads a group's rows by (relay_group, id).
 *
 * The count lives here alone. Changing it maps streams to other groups: it takes a migration that replaces
 * `outbox_relay_groups()` and recomputes `relay_group` while holding every group's lock (or with every relay stopped),
 * or a stream's waiting rows could be published by two relays at once.
 */
export class OutboxRelayGroups1732500008400 implements MigrationInterface {
  name = 'OutboxRelayGroups1732500008400';

  async up(q: QueryRunner): Promise<void> {
    // SQL-standard bodies (RETURN): their names are bound when they are created, not looked up on the inserting
    // session's search_path. hashtextextended is the hash PostgreSQL's hash partitioning keeps stable across
    // versions; the double modulo keeps a negative hash in 0..n-1.
    await q.query(`CREATE FUNCTION outbox_relay_groups() RETURNS integer
                     LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN 8`);
    await q.query(`CREATE FUNCTION outbox_relay_group(stream_id text) RETURNS integer
                     LANGUAGE sql IMMUTABLE PARALLEL SAFE
                     RETURN (((hashtextextended(stream_id, 0) % outbox_relay_groups()) + outbox_relay_groups())
                             % outbox_relay_groups())::integer`);
    // A payload that is not an event (no stream id) still gets a group: the relay dead-letters it from there.
    await q.query(`ALTER TABLE outbox ADD COLUMN relay_group integer NOT NULL
                     GENERATED ALWAYS AS (outbox_relay_group(coalesce(payload->>'streamId', ''))) STORED`);
    await q.query(`CREATE INDEX ix_outbox_group_pending ON outbox (relay_group, id) WHERE dead_lettered_at IS NULL`);
    await q.query(`DROP INDEX ix_outbox_pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_outbox_pending ON outbox (id) WHERE dead_lettered_at IS NULL`);
    await q.query(`DROP INDEX ix_outbox_group_pending`);
    await q.query(`ALTER TABLE outbox DROP COLUMN relay_group`);
    await q.query(`DROP FUNCTION outbox_relay_group(text)`);
    await q.query(`DROP FUNCTION outbox_relay_groups()`);
  }
}

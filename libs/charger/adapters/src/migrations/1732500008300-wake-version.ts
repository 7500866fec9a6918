import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The charger stream's version a wake time was set at (written with it, in the events' transaction): a wake-up
 * that decided nothing clears the wake time only while it is still the one set at the version it decided on,
 * so a wake-up decided on an older state never clears a wake time a later append set.
 */
export class WakeVersion1732500008300 implements MigrationInterface {
  name = 'WakeVersion1732500008300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chargers ADD COLUMN wake_version integer NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE chargers c SET wake_version = v.version
         FROM (SELECT stream_id, max(stream_version) AS version FROM events GROUP BY stream_id) v
        WHERE v.stream_id = 'charger-' || c.charger_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chargers DROP COLUMN wake_version`);
  }
}

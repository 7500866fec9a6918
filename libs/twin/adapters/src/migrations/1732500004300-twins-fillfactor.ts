import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Twin rows are rewritten on almost every charger event, and none of their indexed values (charger id, tenant,
 * tags) moves when they are. Half of each page is kept free, so PostgreSQL can put a row's new version on its own
 * page without touching an index (a heap-only update) and reclaims the old one when it next reads the page: with
 * full pages every update moved the row to another page and added an entry to each of the three indexes
 * (docs/operations/runbook.md, PostgreSQL: "Room on the page"). Rows already stored get the room as they are next written, or at the
 * next twin rebuild; nothing is rewritten here, so the migration takes no lock beyond an instant.
 */
export class TwinsFillfactor1732500004300 implements MigrationInterface {
  name = 'TwinsFillfactor1732500004300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE twins SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE twins RESET (fillfactor)`);
  }
}

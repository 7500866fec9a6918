import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A GB charger's ledger row is rewritten on each of its events, and its only index is the charger id, which never
 * moves. Half of each page is kept free so that the new version stays on its page as a heap-only update, as the
 * twins do (docs/operations/runbook.md, PostgreSQL: "Room on the page"). Rows already stored get the room as they are
 * next written; nothing is rewritten here.
 */
export class ComplianceLedgersFillfactor1732500006200 implements MigrationInterface {
  name = 'ComplianceLedgersFillfactor1732500006200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE compliance_charger_ledgers SET (fillfactor = 50)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE compliance_charger_ledgers RESET (fillfactor)`);
  }
}

import { readableTwinDoc, syncCounts, type TwinDoc } from '@chargeplane/twin-domain';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Columns for the fleet summary: the model and the profiles' sync-state counts (a sync state depends on
 * the stored document only, so it can be stored). Existing rows are filled from their documents.
 */
export class TwinSummaryColumns1732500004200 implements MigrationInterface {
  name = 'TwinSummaryColumns1732500004200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE twins ADD COLUMN model text NOT NULL DEFAULT 'generic-ocpp16', ADD COLUMN sync_counts jsonb NOT NULL DEFAULT '{}'`,
    );
    await q.query(`UPDATE twins SET model = doc->>'model' WHERE doc->>'model' IS NOT NULL`);
    let after = '';
    for (;;) {
      const rows = (await q.query(
        `SELECT charger_id, doc FROM twins WHERE charger_id > $1 ORDER BY charger_id LIMIT 500`,
        [after],
      )) as { charger_id: string; doc: TwinDoc }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        await q.query(`UPDATE twins SET sync_counts = $2 WHERE charger_id = $1`, [
          row.charger_id,
          syncCounts(readableTwinDoc(row.doc)),
        ]);
      }
      after = rows.at(-1)!.charger_id;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE twins DROP COLUMN model, DROP COLUMN sync_counts`);
  }
}

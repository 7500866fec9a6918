import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * compliance-gb keeps each GB charger's profile ledger (jsonb, folded with the shared `evolveLedger`) instead of
 * re-deriving desired/confirmed profiles in SQL. The ledgers start empty: the projection folds each charger's
 * stream from the event store the first time it meets one of its events.
 */
export class ComplianceChargerLedgers1732500006100 implements MigrationInterface {
  name = 'ComplianceChargerLedgers1732500006100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance_charger_ledgers (
        charger_id text PRIMARY KEY,
        version integer NOT NULL,
        ledger jsonb NOT NULL
      )`);
    await q.query(`DROP TABLE compliance_charger_profiles`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance_charger_profiles (
        charger_id text NOT NULL,
        charging_profile_id bigint NOT NULL,
        connector_id integer NOT NULL,
        purpose text NOT NULL,
        transaction_id bigint,
        desired jsonb,
        confirmed jsonb,
        PRIMARY KEY (charger_id, charging_profile_id)
      )`);
    await q.query(`DROP TABLE compliance_charger_ledgers`);
  }
}

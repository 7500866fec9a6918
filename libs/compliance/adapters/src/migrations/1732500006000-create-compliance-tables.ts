import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * compliance-gb's read models beside the event store (the compliance stream itself is in `events`):
 * one row per GB charger for status, the fleet report and the scheduler; and the profiles each GB
 * charger is asked to hold and has confirmed, as the charger stream shows them.
 */
export class CreateComplianceTables1732500006000 implements MigrationInterface {
  name = 'CreateComplianceTables1732500006000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE compliance_policies (
        charger_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        model text NOT NULL,
        mode text NOT NULL,
        platform_delay_active boolean NOT NULL,
        status text NOT NULL,
        reasons text[] NOT NULL DEFAULT '{}',
        status_since timestamptz NOT NULL,
        next_action_at timestamptz,
        version integer NOT NULL,
        charger_version integer NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_compliance_policies_tenant ON compliance_policies (tenant_id, status)`);
    await q.query(
      `CREATE INDEX ix_compliance_policies_due ON compliance_policies (next_action_at) WHERE next_action_at IS NOT NULL`,
    );
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE compliance_charger_profiles`);
    await q.query(`DROP TABLE compliance_policies`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Bulk profile assignments and the per-charger progress of each (kept in the events' transactions). */
export class CreateAssignments1732500003000 implements MigrationInterface {
  name = 'CreateAssignments1732500003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assignments (
        assignment_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        charging_profile_id integer NOT NULL,
        request jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE assignment_targets (
        assignment_id text NOT NULL REFERENCES assignments (assignment_id),
        charger_id text NOT NULL,
        charging_profile_id integer NOT NULL,
        status text NOT NULL,
        code text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (assignment_id, charger_id)
      )`);
    await q.query(
      `CREATE INDEX ix_assignment_targets_open ON assignment_targets (charger_id, charging_profile_id) WHERE status NOT IN ('confirmed', 'refused', 'not-found')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE assignment_targets`);
    await q.query(`DROP TABLE assignments`);
  }
}

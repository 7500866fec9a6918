import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The twin read model: one document per charger plus the columns fleet filters use. */
export class CreateTwins1732500002000 implements MigrationInterface {
  name = 'CreateTwins1732500002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE twins (
        charger_id text PRIMARY KEY,
        tenant_id text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL,
        connected boolean NOT NULL,
        out_of_sync boolean NOT NULL,
        slots_used integer NOT NULL,
        budget_exhausted_until timestamptz,
        doc jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_twins_tenant ON twins (tenant_id, charger_id)`);
    await q.query(`CREATE INDEX ix_twins_tags ON twins USING gin (tags)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE twins`);
  }
}

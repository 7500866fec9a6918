import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The charger context's own tables beside the event store: tenants and keys, the charger directory, idempotency. */
export class CreateChargerTables1732500001000 implements MigrationInterface {
  name = 'CreateChargerTables1732500001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE tenants (tenant_id text PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`
      CREATE TABLE api_keys (
        key_digest text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (tenant_id),
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    // Written in the same transaction as the charger's events: lookups at the edge and the timer scan.
    await q.query(`
      CREATE TABLE chargers (
        charger_id text PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES tenants (tenant_id),
        model text NOT NULL,
        credentials_hash text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        wake_at timestamptz,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_chargers_tenant ON chargers (tenant_id)`);
    await q.query(`CREATE INDEX ix_chargers_wake ON chargers (wake_at) WHERE wake_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        tenant_id text NOT NULL,
        idempotency_key text NOT NULL,
        request_digest text NOT NULL,
        status integer NOT NULL,
        body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, idempotency_key)
      )`);
    await q.query(`CREATE SEQUENCE transaction_ids START 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SEQUENCE transaction_ids`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE chargers`);
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE tenants`);
  }
}

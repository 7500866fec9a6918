import { generateApiKey } from '@chargeplane/platform-security';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const TenantRows = z.array(z.object({ tenant_id: z.string(), name: z.string(), created_at: z.date() }));
const KeyRows = z.array(z.object({ tenant_id: z.string() }));

/** Tenants and their API keys (stored as digests: a key is shown once, at creation). */
export class TenantsRepository {
  constructor(private readonly db: DataSource) {}

  async create(tenantId: string, name: string): Promise<{ tenantId: string; apiKey: string }> {
    const { key, digest } = generateApiKey();
    await this.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO tenants (tenant_id, name) VALUES ($1, $2)`, [tenantId, name]);
      await tx.query(`INSERT INTO api_keys (key_digest, tenant_id) VALUES ($1, $2)`, [digest, tenantId]);
    });
    return { tenantId, apiKey: key };
  }

  /** Every tenant, oldest first (their keys are digests: never shown again). */
  async list(): Promise<{ tenantId: string; name: string; createdAt: string }[]> {
    const rows = TenantRows.parse(
      await this.db.query(`SELECT tenant_id, name, created_at FROM tenants ORDER BY created_at, tenant_id`),
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, name: r.name, createdAt: r.created_at.toISOString() }));
  }

  /**
   * The tenant of the API key with this digest (`apiKeyDigest`), or null for an unknown or revoked key. It takes the
   * digest, not the key, so that a caller caching the answer keeps digests in memory, never keys.
   */
  async tenantOfKeyDigest(digest: string): Promise<string | null> {
    const rows = KeyRows.parse(
      await this.db.query(`SELECT tenant_id FROM api_keys WHERE key_digest = $1 AND revoked_at IS NULL`, [digest]),
    );
    return rows[0]?.tenant_id ?? null;
  }
}

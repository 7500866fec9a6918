import { apiKeyDigest, generateApiKey } from '@chargeplane/platform-security';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

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

  /** The tenant an API key belongs to, or null for an unknown or revoked key. */
  async tenantOfKey(apiKey: string): Promise<string | null> {
    const rows = z
      .array(z.object({ tenant_id: z.string() }))
      .parse(
        await this.db.query(`SELECT tenant_id FROM api_keys WHERE key_digest = $1 AND revoked_at IS NULL`, [
          apiKeyDigest(apiKey),
        ]),
      );
    return rows[0]?.tenant_id ?? null;
  }
}

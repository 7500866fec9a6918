import { createHash } from 'node:crypto';
import { PlatformError } from '@chargeplane/contracts-api';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/**
 * `Idempotency-Key` on writes: the first answer for a key is stored; the same key with the same request
 * returns it again and changes nothing; the same key with a different request is refused.
 */
export class IdempotencyStore {
  constructor(private readonly db: DataSource) {}

  async run(
    tenantId: string,
    key: string | undefined,
    request: unknown,
    work: () => Promise<StoredAnswer>,
  ): Promise<StoredAnswer> {
    if (!key) return work();
    if (key.length > 200) throw new PlatformError('VALIDATION_FAILED', 'Idempotency-Key is longer than 200 characters');
    const digest = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const previous = await this.find(tenantId, key);
    if (previous) return this.replay(previous, digest);
    const answer = await work();
    const inserted = z.array(z.unknown()).parse(
      await this.db.query(
        `INSERT INTO idempotency_keys (tenant_id, idempotency_key, request_digest, status, body) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT DO NOTHING RETURNING 1`,
        [tenantId, key, digest, answer.status, JSON.stringify(answer.body)],
      ),
    );
    if (inserted.length === 0) {
      // A concurrent request with the same key won the race: answer what it answered.
      const winner = await this.find(tenantId, key);
      if (winner) return this.replay(winner, digest);
    }
    return answer;
  }

  private replay(previous: { request_digest: string; status: number; body: unknown }, digest: string): StoredAnswer {
    if (previous.request_digest !== digest) {
      throw new PlatformError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request',
      );
    }
    return { status: previous.status, body: previous.body };
  }

  private async find(tenantId: string, key: string) {
    const rows = z
      .array(z.object({ request_digest: z.string(), status: z.number(), body: z.unknown() }))
      .parse(
        await this.db.query(
          `SELECT request_digest, status, body FROM idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2`,
          [tenantId, key],
        ),
      );
    return rows[0];
  }
}

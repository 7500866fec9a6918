import { createHash } from 'node:crypto';
import { PlatformError } from '@chargeplane/contracts-api';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

export interface StoredAnswer {
  status: number;
  body: unknown;
}

/** A claim whose request has not answered for this long is taken to belong to a process that died. */
const ABANDONED_CLAIM_SECONDS = 120;

const Row = z.object({ request_digest: z.string(), status: z.number().nullable(), body: z.unknown() });
const Rows = z.array(Row);
const Claimed = z.array(z.unknown());

/**
 * `Idempotency-Key` on writes: the key is claimed before the request runs, so of two concurrent requests with one
 * key only one ever acts (the other is answered 409 while the first runs); the first answer is stored, and the same
 * key with the same request returns it again and changes nothing; with a different request it is refused. A
 * request that fails gives its claim back, so a retry with the key runs it again.
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
    if (!(await this.claim(tenantId, key, digest))) return this.replay(await this.find(tenantId, key), digest);
    let answer: StoredAnswer;
    try {
      answer = await work();
    } catch (error) {
      await this.release(tenantId, key);
      throw error;
    }
    await this.db.query(
      `UPDATE idempotency_keys SET status = $3, body = $4 WHERE tenant_id = $1 AND idempotency_key = $2`,
      [tenantId, key, answer.status, JSON.stringify(answer.body)],
    );
    return answer;
  }

  /** Claims the key (true), taking over a claim abandoned by a dead process; false when it is taken. */
  private async claim(tenantId: string, key: string, digest: string): Promise<boolean> {
    const claimed = Claimed.parse(
      await this.db.query(
        `INSERT INTO idempotency_keys AS k (tenant_id, idempotency_key, request_digest, status, body) VALUES ($1, $2, $3, NULL, NULL)
           ON CONFLICT (tenant_id, idempotency_key) DO UPDATE SET request_digest = $3, claimed_at = now()
           WHERE k.status IS NULL AND k.claimed_at < now() - make_interval(secs => $4)
           RETURNING 1`,
        [tenantId, key, digest, ABANDONED_CLAIM_SECONDS],
      ),
    );
    return claimed.length > 0;
  }

  private async release(tenantId: string, key: string): Promise<void> {
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2 AND status IS NULL`,
      [tenantId, key],
    );
  }

  private replay(previous: z.infer<typeof Row> | undefined, digest: string): StoredAnswer {
    if (previous && previous.request_digest !== digest) {
      throw new PlatformError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for a different request',
      );
    }
    if (!previous || previous.status === null) {
      throw new PlatformError(
        'CONCURRENCY_CONFLICT',
        'A request with this Idempotency-Key is still being processed; retry it in a moment',
      );
    }
    return { status: previous.status, body: previous.body };
  }

  private async find(tenantId: string, key: string): Promise<z.infer<typeof Row> | undefined> {
    const rows = Rows.parse(
      await this.db.query(
        `SELECT request_digest, status, body FROM idempotency_keys WHERE tenant_id = $1 AND idempotency_key = $2`,
        [tenantId, key],
      ),
    );
    return rows[0];
  }
}

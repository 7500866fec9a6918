import type { TwinListRequest } from '@chargeplane/contracts-api';
import { emptyTwin, twinColumns, type TwinDoc } from '@chargeplane/twin-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';

const DocRow = z.object({ doc: z.custom<TwinDoc>((v) => typeof v === 'object' && v !== null && 'chargerId' in v) });

/** Twin rows in PostgreSQL: the folded document plus filter columns, written with the doc's stream version. */
export class TwinRepository {
  constructor(private readonly db: DataSource) {}

  /** Locks the charger's row for the fold (per-charger order across projection instances). */
  async loadForUpdate(tx: EntityManager, chargerId: string): Promise<TwinDoc> {
    const rows = z.array(DocRow).parse(await tx.query(`SELECT doc FROM twins WHERE charger_id = $1 FOR UPDATE`, [chargerId]));
    return rows[0]?.doc ?? emptyTwin(chargerId);
  }

  async save(tx: EntityManager, doc: TwinDoc): Promise<void> {
    const c = twinColumns(doc);
    await tx.query(
      `INSERT INTO twins (charger_id, tenant_id, tags, version, connected, out_of_sync, slots_used, budget_exhausted_until, doc, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (charger_id) DO UPDATE SET tenant_id = $2, tags = $3, version = $4, connected = $5, out_of_sync = $6,
         slots_used = $7, budget_exhausted_until = $8, doc = $9, updated_at = now()`,
      [doc.chargerId, doc.tenantId, doc.tags, doc.version, c.connected, c.outOfSync, c.slotsUsed, c.budgetExhaustedUntil === null ? null : new Date(c.budgetExhaustedUntil), doc],
    );
  }

  async find(tenantId: string, chargerId: string): Promise<TwinDoc | null> {
    const rows = z.array(DocRow).parse(await this.db.query(`SELECT doc FROM twins WHERE charger_id = $1 AND tenant_id = $2`, [chargerId, tenantId]));
    return rows[0]?.doc ?? null;
  }

  /** A page of a tenant's twins in charger-id order; the cursor is the last id of the previous page. */
  async list(q: TwinListRequest, now: Date): Promise<{ docs: TwinDoc[]; nextCursor: string | null }> {
    const rows = z.array(DocRow).parse(
      await this.db.query(
        `SELECT doc FROM twins
          WHERE tenant_id = $1
            AND ($2::text IS NULL OR $2 = ANY(tags))
            AND ($3::boolean IS NULL OR connected = $3)
            AND ($4::boolean IS NULL OR out_of_sync = $4)
            AND ($5::boolean IS NULL OR (budget_exhausted_until IS NOT NULL AND budget_exhausted_until > $6) = $5)
            AND ($7::int IS NULL OR slots_used > $7)
            AND ($8::text IS NULL OR charger_id > $8)
          ORDER BY charger_id LIMIT $9`,
        [q.tenantId, q.tag ?? null, q.connected ?? null, q.outOfSync ?? null, q.budgetExhausted ?? null, now, q.slotsAbove ?? null, q.cursor ?? null, q.limit + 1],
      ),
    );
    const docs = rows.slice(0, q.limit).map((r) => r.doc);
    return { docs, nextCursor: rows.length > q.limit ? (docs.at(-1)?.chargerId ?? null) : null };
  }
}

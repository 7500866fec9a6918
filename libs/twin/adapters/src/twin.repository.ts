import { SyncState, type TwinListRequest, type TwinSummary } from '@chargeplane/contracts-api';
import { isCurrentTwinDoc, readableTwinDoc, type TwinDoc } from '@chargeplane/twin-domain';
import { preparedStatement, queryPrepared } from '@chargeplane/platform-event-store';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { TWINS_TABLE, writeTwinsIfUnchanged } from './twin-rows.js';

const DocRow = z.object({ doc: z.custom<TwinDoc>((v) => typeof v === 'object' && v !== null && 'chargerId' in v) });
const VersionedDocRows = z.array(DocRow.extend({ version: z.number().int().nonnegative() }));
const Count = z.number().int().nonnegative();
const SummaryRow = z.object({
  total: Count,
  connected: Count,
  out_of_sync: Count,
  budget_exhausted: Count,
  by_model: z.record(z.string(), Count),
  by_sync_state: z.record(z.string(), Count),
});
const ChargerRef = z.object({ tenant_id: z.string(), charger_id: z.string() });
const DocRows = z.array(DocRow);
const SummaryRows = z.array(SummaryRow);
const ChargerRefs = z.array(ChargerRef);

/** The read of every batch device-twin applies (prepared, as its write in twin-rows.ts). */
const LOAD_CURRENT = preparedStatement(
  'chargeplane_twin_load_current',
  `SELECT version, doc FROM ${TWINS_TABLE} WHERE charger_id = ANY($1::text[])`,
);

/** Twin rows in PostgreSQL: the folded document plus filter columns, written with the doc's stream version. */
export class TwinRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The current twins of a batch's chargers, without a lock, and the version of every row found: the version a
   * later `saveIfUnchanged` expects. A doc stored in an older shape is left out of `docs` (its version is kept):
   * the fold then reads the charger's stream from version 1 and writes the doc again in the current shape.
   */
  async loadCurrent(
    chargerIds: readonly string[],
  ): Promise<{ docs: Map<string, TwinDoc>; versions: Map<string, number> }> {
    const rows = VersionedDocRows.parse(await queryPrepared(this.db, LOAD_CURRENT, [[...new Set(chargerIds)]]));
    const current = rows.filter((r) => isCurrentTwinDoc(r.doc));
    return {
      docs: new Map(current.map((r) => [r.doc.chargerId, r.doc])),
      versions: new Map(rows.map((r) => [r.doc.chargerId, r.version])),
    };
  }

  /** Writes the changed twins of a batch whose rows no one changed since `loadCurrent`; returns their charger ids. */
  async saveIfUnchanged(docs: readonly TwinDoc[], readVersions: ReadonlyMap<string, number>): Promise<Set<string>> {
    return writeTwinsIfUnchanged(this.db, docs, readVersions);
  }

  async find(tenantId: string, chargerId: string): Promise<TwinDoc | null> {
    const rows = DocRows.parse(
      await this.db.query(`SELECT doc FROM twins WHERE charger_id = $1 AND tenant_id = $2`, [chargerId, tenantId]),
    );
    return rows[0] ? readableTwinDoc(rows[0].doc) : null;
  }

  /** A page of a tenant's twins in charger-id order; the cursor is the last id of the previous page. */
  async list(q: TwinListRequest, now: Date): Promise<{ docs: TwinDoc[]; nextCursor: string | null }> {
    const rows = DocRows.parse(
      await this.db.query(
        `SELECT doc FROM twins
          WHERE tenant_id = $1
            AND ($2::text IS NULL OR $2 = ANY(tags))
            AND ($3::boolean IS NULL OR connected = $3)
            AND ($4::boolean IS NULL OR out_of_sync = $4)
            AND ($5::boolean IS NULL OR (budget_exhausted_until IS NOT NULL AND budget_exhausted_until > $6) = $5)
            AND ($7::int IS NULL OR slots_used > $7)
            AND ($8::text IS NULL OR charger_id > $8)
            AND ($10::text IS NULL OR starts_with(charger_id, $10))
          ORDER BY charger_id LIMIT $9`,
        [
          q.tenantId,
          q.tag ?? null,
          q.connected ?? null,
          q.outOfSync ?? null,
          q.budgetExhausted ?? null,
          now,
          q.slotsAbove ?? null,
          q.cursor ?? null,
          q.limit + 1,
          q.idPrefix ?? null,
        ],
      ),
    );
    const docs = rows.slice(0, q.limit).map((r) => readableTwinDoc(r.doc));
    return { docs, nextCursor: rows.length > q.limit ? (docs.at(-1)?.chargerId ?? null) : null };
  }

  /** Fleet counts of one tenant in one round trip; budget exhaustion is compared with `now`. */
  async summary(tenantId: string, now: Date): Promise<TwinSummary> {
    const [row] = SummaryRows.parse(
      await this.db.query(
        `WITH t AS (SELECT connected, out_of_sync, budget_exhausted_until, model, sync_counts FROM twins WHERE tenant_id = $1)
         SELECT (SELECT count(*) FROM t)::int AS total,
                (SELECT count(*) FROM t WHERE connected)::int AS connected,
                (SELECT count(*) FROM t WHERE out_of_sync)::int AS out_of_sync,
                (SELECT count(*) FROM t WHERE budget_exhausted_until > $2)::int AS budget_exhausted,
                (SELECT coalesce(jsonb_object_agg(model, n), '{}') FROM (SELECT model, count(*)::int AS n FROM t GROUP BY model) m) AS by_model,
                (SELECT coalesce(jsonb_object_agg(key, n), '{}')
                   FROM (SELECT s.key, sum(s.value::int)::int AS n FROM t, jsonb_each_text(t.sync_counts) s GROUP BY s.key) x) AS by_sync_state`,
        [tenantId, now],
      ),
    );
    const counts = row!;
    const bySyncState = Object.fromEntries(SyncState.options.map((s) => [s, counts.by_sync_state[s] ?? 0])) as Record<
      SyncState,
      number
    >;
    return {
      tenantId,
      total: counts.total,
      connected: counts.connected,
      outOfSync: counts.out_of_sync,
      budgetExhausted: counts.budget_exhausted,
      byModel: counts.by_model,
      bySyncState,
      at: now.toISOString(),
    };
  }

  /** Connected chargers of every tenant, in charger-id pages (the scheduled drift check walks them). */
  async connectedChargers(after: string, limit: number): Promise<{ tenantId: string; chargerId: string }[]> {
    const rows = ChargerRefs.parse(
      await this.db.query(
        `SELECT tenant_id, charger_id FROM twins WHERE connected AND charger_id > $1 ORDER BY charger_id LIMIT $2`,
        [after, limit],
      ),
    );
    return rows.map((r) => ({ tenantId: r.tenant_id, chargerId: r.charger_id }));
  }
}

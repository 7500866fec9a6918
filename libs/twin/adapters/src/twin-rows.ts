import { syncCounts, twinColumns, type TwinDoc } from '@chargeplane/twin-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';

/** The live read model; a rebuild fills a shadow table of the same shape and renames it to this. */
export const TWINS_TABLE = 'twins';

/** One twin row: the document plus the columns fleet filters and the summary use. */
function twinRow(doc: TwinDoc) {
  const c = twinColumns(doc);
  return {
    charger_id: doc.chargerId,
    tenant_id: doc.tenantId,
    tags: doc.tags,
    version: doc.version,
    connected: c.connected,
    out_of_sync: c.outOfSync,
    slots_used: c.slotsUsed,
    budget_exhausted_until: c.budgetExhaustedUntil === null ? null : new Date(c.budgetExhaustedUntil).toISOString(),
    model: doc.model,
    sync_counts: syncCounts(doc),
    doc,
  };
}

const RECORD = `r(charger_id text, tenant_id text, tags text[], version integer, connected boolean, out_of_sync boolean,
  slots_used integer, budget_exhausted_until timestamptz, model text, sync_counts jsonb, doc jsonb)`;
const RECORD_READ = RECORD.replace('doc jsonb)', 'doc jsonb, read_version integer)');
const COLUMNS =
  'charger_id, tenant_id, tags, version, connected, out_of_sync, slots_used, budget_exhausted_until, model, sync_counts, doc';
const UPDATES = COLUMNS.split(', ')
  .filter((c) => c !== 'charger_id')
  .map((c) => `${c} = EXCLUDED.${c}`)
  .join(', ');

/**
 * Writes twins (insert or replace) into `table` in one statement: rows travel as one JSON array, which
 * keeps a bulk load to a single round trip per batch. Rows go in charger-id order, like the row locks of
 * a live write's, so writers that insert the same new chargers take them in the same order.
 * A row never goes back to an older version: two writers that both found no row for a new charger may each
 * have folded its twin, and the further one wins; a doc of an older shape is replaced by one folded again at
 * its version. `table` is one of our own constants, never input.
 */
export async function writeTwins(tx: EntityManager, table: string, docs: readonly TwinDoc[]): Promise<void> {
  if (docs.length === 0) return;
  const rows = [...docs]
    .sort((a, b) => (a.chargerId < b.chargerId ? -1 : a.chargerId > b.chargerId ? 1 : 0))
    .map(twinRow);
  await tx.query(
    `INSERT INTO ${table} (${COLUMNS}, updated_at)
     SELECT ${COLUMNS}, now() FROM jsonb_to_recordset($1::jsonb) AS ${RECORD}
     ON CONFLICT (charger_id) DO UPDATE SET ${UPDATES}, updated_at = now()
       WHERE ${table}.version < EXCLUDED.version
          OR coalesce((${table}.doc->>'docVersion')::int, 1) < coalesce((EXCLUDED.doc->>'docVersion')::int, 1)`,
    [JSON.stringify(rows)],
  );
}

const WrittenRows = z.array(z.object({ charger_id: z.string() }));

/**
 * Writes the live twins a batch folded, each only if its row is still the one the fold started from: at
 * `readVersions`' version (`TwinRepository.loadCurrent`), or still absent for a charger that had no row. One
 * statement, no lock held between the read and the write: a row another writer (or a rebuild's swap) changed
 * meanwhile is left as it is, and its charger id is not among those returned. Under READ COMMITTED a row changed
 * by a transaction that commits while this statement waits on it is checked again as it now reads, so a twin never
 * goes back and never skips a version.
 */
export async function writeTwinsIfUnchanged(
  db: DataSource,
  docs: readonly TwinDoc[],
  readVersions: ReadonlyMap<string, number>,
): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  const rows = [...docs]
    .sort((a, b) => (a.chargerId < b.chargerId ? -1 : a.chargerId > b.chargerId ? 1 : 0))
    .map((doc) => ({ ...twinRow(doc), read_version: readVersions.get(doc.chargerId) ?? null }));
  const written = WrittenRows.parse(
    await db.query(
      `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS ${RECORD_READ}),
       updated AS (
         UPDATE ${TWINS_TABLE} t SET ${UPDATES.replaceAll('EXCLUDED.', 'r.')}, updated_at = now()
           FROM r WHERE t.charger_id = r.charger_id AND t.version = r.read_version
         RETURNING t.charger_id),
       inserted AS (
         INSERT INTO ${TWINS_TABLE} (${COLUMNS}, updated_at)
         SELECT ${COLUMNS}, now() FROM r WHERE r.read_version IS NULL ORDER BY r.charger_id
         ON CONFLICT (charger_id) DO NOTHING
         RETURNING charger_id)
       SELECT charger_id FROM updated UNION ALL SELECT charger_id FROM inserted`,
      [JSON.stringify(rows)],
    ),
  );
  return new Set(written.map((w) => w.charger_id));
}

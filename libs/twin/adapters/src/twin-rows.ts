import { syncCounts, twinColumns, type TwinDoc } from '@chargeplane/twin-domain';
import { preparedStatement, queryPrepared } from '@chargeplane/platform-event-store';
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

/** The columns of a twin row with their types, in the order `twinRow` gives them. */
const TYPED_COLUMNS = `charger_id text, tenant_id text, tags text[], version integer, connected boolean,
  out_of_sync boolean, slots_used integer, budget_exhausted_until timestamptz, model text, sync_counts jsonb, doc jsonb`;
const COLUMNS = TYPED_COLUMNS.split(',').map((c) => c.trim().split(' ')[0] as string);
const COLUMN_LIST = COLUMNS.join(', ');
/** `SET` of every column but the key, each taken from `source` (`EXCLUDED` in an upsert, `r` from the rows sent). */
const assignedFrom = (source: string) =>
  COLUMNS.filter((c) => c !== 'charger_id')
    .map((c) => `${c} = ${source}.${c}`)
    .join(', ');

/** Rows for `docs` in charger-id order: every writer sends its rows so, and takes new chargers in the same order. */
const rowsByChargerId = (docs: readonly TwinDoc[]) =>
  [...docs].sort((a, b) => (a.chargerId < b.chargerId ? -1 : a.chargerId > b.chargerId ? 1 : 0)).map(twinRow);

/**
 * Writes twins (insert or replace) into `table` in one statement: rows travel as one JSON array, which
 * keeps a bulk load to a single round trip per batch, in charger-id order (`rowsByChargerId`).
 * A row never goes back to an older version: two writers that both found no row for a new charger may each
 * have folded its twin, and the further one wins; a doc of an older shape is replaced by one folded again at
 * its version. `table` is one of our own constants, never input.
 */
export async function writeTwins(tx: EntityManager, table: string, docs: readonly TwinDoc[]): Promise<void> {
  if (docs.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (${COLUMN_LIST}, updated_at)
     SELECT ${COLUMN_LIST}, now() FROM jsonb_to_recordset($1::jsonb) AS r(${TYPED_COLUMNS})
     ON CONFLICT (charger_id) DO UPDATE SET ${assignedFrom('EXCLUDED')}, updated_at = now()
       WHERE ${table}.version < EXCLUDED.version
          OR coalesce((${table}.doc->>'docVersion')::int, 1) < coalesce((EXCLUDED.doc->>'docVersion')::int, 1)`,
    [JSON.stringify(rowsByChargerId(docs))],
  );
}

const WrittenRows = z.array(z.object({ charger_id: z.string() }));

/** The live write of `writeTwinsIfUnchanged` (prepared: it runs for every batch of events device-twin applies). */
const WRITE_IF_UNCHANGED = preparedStatement(
  'chargeplane_twin_write_if_unchanged',
  `WITH r AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${TYPED_COLUMNS}, read_version integer)),
   updated AS (
     UPDATE ${TWINS_TABLE} t SET ${assignedFrom('r')}, updated_at = now()
       FROM r WHERE t.charger_id = r.charger_id AND t.version = r.read_version
     RETURNING t.charger_id),
   inserted AS (
     INSERT INTO ${TWINS_TABLE} (${COLUMN_LIST}, updated_at)
     SELECT ${COLUMN_LIST}, now() FROM r WHERE r.read_version IS NULL ORDER BY r.charger_id
     ON CONFLICT (charger_id) DO NOTHING
     RETURNING charger_id)
   SELECT charger_id FROM updated UNION ALL SELECT charger_id FROM inserted`,
);

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
  const rows = rowsByChargerId(docs).map((row) => ({ ...row, read_version: readVersions.get(row.charger_id) ?? null }));
  const written = WrittenRows.parse(await queryPrepared(db, WRITE_IF_UNCHANGED, [JSON.stringify(rows)]));
  return new Set(written.map((w) => w.charger_id));
}

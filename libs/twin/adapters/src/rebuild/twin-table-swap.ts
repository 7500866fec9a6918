import { chargerStreamId } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import { applyTwinEnvelope, emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import type { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import { TWINS_TABLE, writeTwins } from '../twin-rows.js';

/** The shadow table a rebuild fills before it replaces the live one. */
export const SHADOW_TABLE = 'twins_rebuild';

const IndexRow = z.object({ indexname: z.string(), shape: z.string() });
const Behind = z.object({ charger_id: z.string() });
const DocRow = z.object({ doc: z.custom<TwinDoc>((v) => typeof v === 'object' && v !== null && 'chargerId' in v) });
const IndexRows = z.array(IndexRow);
/** A table's storage parameters as the catalog lists them (`fillfactor=50`): names and plain values only. */
const StorageRows = z.array(z.object({ options: z.array(z.string().regex(/^[a-z_.]+=[A-Za-z0-9_.]+$/)) }));
const BehindRows = z.array(Behind);
const DocRows = z.array(DocRow);

/**
 * Creates an empty shadow table with the live table's columns, defaults, constraints, indexes and storage parameters
 * (`LIKE` leaves those out: the room a page keeps for updates, runbook "Room on the page", would be lost at the swap).
 */
export async function createShadow(db: DataSource): Promise<void> {
  const [live] = StorageRows.parse(
    await db.query(
      `SELECT coalesce(reloptions, '{}') AS options FROM pg_class WHERE oid = to_regclass(quote_ident($1))`,
      [TWINS_TABLE],
    ),
  );
  if (!live) throw new Error(`the live table ${TWINS_TABLE} does not exist: run the migrations first`);
  const withOptions = live.options.length > 0 ? ` WITH (${live.options.join(', ')})` : '';
  await db.query(`DROP TABLE IF EXISTS ${SHADOW_TABLE}`);
  await db.query(`CREATE TABLE ${SHADOW_TABLE} (LIKE ${TWINS_TABLE} INCLUDING ALL)${withOptions}`);
}

/** A table's indexes keyed by their definition without name and table, so the shadow's can take the live names. */
async function indexesOf(tx: EntityManager, table: string): Promise<Map<string, string>> {
  const rows = IndexRows.parse(
    await tx.query(
      `SELECT indexname, regexp_replace(indexdef, '^CREATE (UNIQUE )?INDEX \\S+ ON \\S+ ', '\\1') AS shape
         FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1`,
      [table],
    ),
  );
  return new Map(rows.map((r) => [r.shape, r.indexname]));
}

/**
 * Brings every shadow twin at least as far as the live one: while the rebuild read the log, the live
 * projection kept applying events to the live table. For each charger the live table is ahead on, the
 * shadow twin reads its own stream on from its version (the fold's version check makes re-application
 * harmless). The live table is locked against writes, so nothing moves while this runs.
 */
async function catchUp(tx: EntityManager, store: Pick<PostgresEventStore, 'readStream'>): Promise<number> {
  const behind = BehindRows.parse(
    await tx.query(
      `SELECT l.charger_id FROM ${TWINS_TABLE} l LEFT JOIN ${SHADOW_TABLE} s USING (charger_id)
        WHERE s.charger_id IS NULL OR l.version > s.version`,
    ),
  );
  for (const { charger_id: chargerId } of behind) {
    const rows = DocRows.parse(await tx.query(`SELECT doc FROM ${SHADOW_TABLE} WHERE charger_id = $1`, [chargerId]));
    let doc = rows[0]?.doc ?? emptyTwin(chargerId);
    for (const envelope of await store.readStream(chargerStreamId(chargerId), doc.version + 1)) {
      const step = applyTwinEnvelope(doc, envelope);
      if (step.kind === 'applied') doc = step.twin;
    }
    await writeTwins(tx, SHADOW_TABLE, [doc]);
  }
  return behind.length;
}

/**
 * Replaces the live table with the shadow in one transaction. Readers keep reading the old table until
 * the rename (EXCLUSIVE blocks only writers); the projection's next write waits for the commit and then
 * resolves `twins` to the new table. Returns how many twins had to catch up with the live table.
 */
export async function swapInShadow(
  db: DataSource,
  store: Pick<PostgresEventStore, 'readStream'>,
  lockTimeoutMs: number,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    await tx.query(`LOCK TABLE ${TWINS_TABLE} IN EXCLUSIVE MODE`);
    const caughtUp = await catchUp(tx, store);
    const live = await indexesOf(tx, TWINS_TABLE);
    const shadow = await indexesOf(tx, SHADOW_TABLE);
    await tx.query(`DROP TABLE ${TWINS_TABLE}`);
    await tx.query(`ALTER TABLE ${SHADOW_TABLE} RENAME TO ${TWINS_TABLE}`);
    // Keep the migrations' index (and primary key) names, so later migrations can refer to them.
    for (const [shape, name] of shadow) {
      const liveName = live.get(shape);
      if (liveName && liveName !== name) await tx.query(`ALTER INDEX "${name}" RENAME TO "${liveName}"`);
    }
    return caughtUp;
  });
}

import { IllegalStateError } from '@chargeplane/contracts-api';
import { chargerStreamId } from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import { emptyTwin, type TwinDoc } from '@chargeplane/twin-domain';
import { QueryFailedError, type DataSource } from 'typeorm';
import { z } from 'zod';
import { writeTwins } from '../twin-rows.js';
import { foldEvent, LogFold, type FoldedLog } from './log-fold.js';
import { createShadow, SHADOW_TABLE, swapInShadow } from './twin-table-swap.js';

/** What a rebuild reads: the whole log in commit order, and one charger's stream. */
export type EventLog = Pick<PostgresEventStore, 'readAll' | 'readStream'>;

export interface RebuildOptions {
  /** Events per `readAll` batch. */
  readBatch: number;
  /** Twins per insert statement into the shadow table. */
  writeBatch: number;
  lockTimeoutMs: number;
  /** Called after each batch read and once the shadow is written (before the swap); awaited. */
  onProgress?: (progress: { phase: 'reading' | 'written'; events: number; chargers: number }) => void | Promise<void>;
}

export interface RebuildResult {
  events: number;
  chargers: number;
  /** Twins that had to catch up with the live table at the swap (events the live projection applied meanwhile). */
  caughtUp: number;
  readSeconds: number;
  writeSeconds: number;
  swapSeconds: number;
}

/** Shadow-table insert transactions in flight at once. */
const WRITERS = 3;
const StreamHeads = z.array(z.object({ stream_id: z.string(), version: z.number().int() }));

/**
 * Session-level advisory lock: one rebuild at a time per twins table, that is per schema (the second key is the
 * schema's hash). Keyed by the database alone, a rebuild in another schema of the same database (another test run,
 * another deployment) was refused as "another twin rebuild is running" (a CI run failed on it).
 */
const REBUILD_LOCK = 0x7477696e; // "twin"
const LOCK_KEYS = `$1::int, hashtext(current_schema())`;

/**
 * Rebuilds every twin from the event store without stopping the live projection:
 * 1. fold the whole log (`readAll`, skip-safe cursor) in memory, one twin per charger;
 * 2. bulk insert the twins into a shadow table;
 * 3. in one transaction: lock the live table against writes, bring each shadow twin up to its live version
 *    from the charger's stream, drop the live table and rename the shadow to it.
 * Events committed after the read and not yet applied live reach the new table through the live projection
 * (JetStream redelivers anything it had not acknowledged; the version check discards what the rebuild holds).
 */
export class TwinRebuild {
  constructor(
    private readonly db: DataSource,
    private readonly store: EventLog,
    private readonly options: RebuildOptions,
  ) {}

  async run(): Promise<RebuildResult> {
    const session = this.db.createQueryRunner();
    await session.connect();
    try {
      const [{ locked }] = (await session.query(`SELECT pg_try_advisory_lock(${LOCK_KEYS}) AS locked`, [
        REBUILD_LOCK,
      ])) as [{ locked: boolean }];
      if (!locked) throw new IllegalStateError('another twin rebuild is running on this schema');
      return await this.rebuild();
    } finally {
      await session.query(`SELECT pg_advisory_unlock(${LOCK_KEYS})`, [REBUILD_LOCK]).catch(() => undefined);
      await session.release();
    }
  }

  private async rebuild(): Promise<RebuildResult> {
    const started = performance.now();
    await createShadow(this.db);
    const twins = await this.foldLog();
    // Versions are contiguous from 1: their sum is the number of events folded.
    const events = [...twins.values()].reduce((n, doc) => n + doc.version, 0);
    const read = performance.now();
    const docs = [...twins.values()];
    // Batches go side by side: PostgreSQL's side of an insert (parsing the rows' JSON, the indexes) is most of the
    // write, and one backend at a time left the database's other core idle.
    let next = 0;
    const writer = async () => {
      for (let i = next; i < docs.length; i = next) {
        next += this.options.writeBatch;
        await this.db.transaction((tx) => writeTwins(tx, SHADOW_TABLE, docs.slice(i, i + this.options.writeBatch)));
      }
    };
    await Promise.all(Array.from({ length: WRITERS }, writer));
    await this.db.query(`ANALYZE ${SHADOW_TABLE}`);
    const written = performance.now();
    await this.options.onProgress?.({ phase: 'written', events, chargers: docs.length });
    const swapping = performance.now();
    const caughtUp = await this.swap();
    const swapped = performance.now();
    return {
      events,
      chargers: docs.length,
      caughtUp,
      readSeconds: (read - started) / 1000,
      writeSeconds: (written - read) / 1000,
      swapSeconds: (swapped - swapping) / 1000,
    };
  }

  /** The swap waits at most `lockTimeoutMs` for the live table; busy readers or writers get two more tries. */
  private async swap(attempts = 3): Promise<number> {
    try {
      return await swapInShadow(this.db, this.store, this.options.lockTimeoutMs);
    } catch (error) {
      const lockTimeout =
        error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '55P03';
      if (!lockTimeout || attempts <= 1) throw error;
      return this.swap(attempts - 1);
    }
  }

  /**
   * The log in commit order, folded in memory (LogFold); what still waits for an earlier version at the end, or is
   * missing from the log read, is read from the charger's stream.
   */
  private async foldLog(): Promise<Map<string, TwinDoc>> {
    const fold = new LogFold();
    let read = 0;
    // The next batch is already being read (by the database) while this one is folded.
    let next = this.store.readAll(null, this.options.readBatch);
    for (;;) {
      const batch = await next;
      if (batch.events.length === 0) break;
      next = this.store.readAll(batch.cursor, this.options.readBatch);
      for (const envelope of batch.events) fold.add(envelope);
      read += batch.events.length;
      await this.options.onProgress?.({ phase: 'reading', events: read, chargers: fold.chargers });
    }
    return this.catchUpStreams(fold.result());
  }

  /** Chargers with early versions still waiting, or behind their stream heads, read on from their streams. */
  private async catchUpStreams(log: FoldedLog): Promise<Map<string, TwinDoc>> {
    const twins = new Map(log.twins.map((doc) => [doc.chargerId, doc]));
    for (const chargerId of new Set([...log.waiting, ...(await this.behindTheirStreams(twins))])) {
      let doc = twins.get(chargerId) ?? emptyTwin(chargerId);
      for (const envelope of await this.store.readStream(chargerStreamId(chargerId), doc.version + 1)) {
        const step = foldEvent(doc, envelope);
        if (step.kind === 'applied') doc = step.twin;
      }
      twins.set(chargerId, doc);
    }
    return twins;
  }

  /**
   * Chargers whose stream holds more than the log read gave: `readAll` stops below the oldest transaction
   * still in progress (anywhere on the server), so the newest events can be missing from it.
   */
  private async behindTheirStreams(twins: Map<string, TwinDoc>): Promise<string[]> {
    const prefix = chargerStreamId('');
    const heads = StreamHeads.parse(
      await this.db.query(
        `SELECT stream_id, max(stream_version)::int AS version FROM events WHERE starts_with(stream_id, $1) GROUP BY stream_id`,
        [prefix],
      ),
    );
    return heads.flatMap((h) => {
      const chargerId = h.stream_id.slice(prefix.length);
      return (twins.get(chargerId)?.version ?? 0) < h.version ? [chargerId] : [];
    });
  }
}

import { ConcurrencyError } from '@chargeplane/contracts-api';
import { EventEnvelope, type NewEvent } from '@chargeplane/contracts-events';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { OUTBOX_CHANNEL } from './relay-lead.js';
import { withTraceContext } from './trace-stamp.js';

/** Position in the whole log: ordered by (transaction id, global position), safe against out-of-order commits. */
export interface LogCursor {
  transactionId: string;
  position: string;
}

/** Extra work done in the append's transaction (idempotency records, read-model rows of the writer). */
export type InTransaction = (tx: EntityManager) => Promise<void>;

/** One stream's part of a batch append. */
export interface AppendRequest {
  streamId: string;
  expectedVersion: number;
  events: readonly NewEvent[];
}

/** Where each appended event goes on the bus (subject, without any run prefix). */
export type SubjectFor = (event: EventEnvelope) => string;

/** A row as the pg driver hands it over: the columns of COLUMNS, not yet checked. */
interface RawRow {
  global_position?: unknown;
  transaction_id?: unknown;
  event_id?: unknown;
  stream_id?: unknown;
  stream_version?: unknown;
  type?: unknown;
  schema_version?: unknown;
  data?: unknown;
  metadata?: unknown;
  occurred_at?: unknown;
  recorded_at?: unknown;
}

/** A valid Date as its ISO text; anything else as it is, for the envelope's schema to refuse. */
function instant(value: unknown): unknown {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value;
}

/**
 * One zod parse per row: the row is mapped to the envelope's shape and `EventEnvelope` checks every field of it
 * (metadata missing or not an object leaves its fields undefined, which the schema refuses by name).
 */
function toEnvelope(raw: unknown): EventEnvelope {
  const row = raw as RawRow;
  const meta = (typeof row.metadata === 'object' && row.metadata !== null ? row.metadata : {}) as Record<
    string,
    unknown
  >;
  return EventEnvelope.parse({
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    tenantId: meta['tenantId'],
    chargerId: meta['chargerId'],
    correlationId: meta['correlationId'],
    causationId: meta['causationId'],
    occurredAt: instant(row.occurred_at),
    recordedAt: instant(row.recorded_at),
    data: row.data,
    ...(meta['trace'] !== undefined ? { trace: meta['trace'] } : {}),
  });
}

// Casts keep the column names, and ORDER BY prefers output names: every ORDER BY below names the table's
// columns (events.x) so that numbers are never sorted as text.
const StreamVersions = z.array(z.object({ stream_id: z.string(), version: z.number() }));

const COLUMNS = `global_position::text, transaction_id::text, event_id::text, stream_id, stream_version, type,
  schema_version, data, metadata, occurred_at, recorded_at`;

/**
 * COLUMNS for reading the whole log, with the instants as the ISO text `instant` makes of pg's `Date` (UTC,
 * microseconds truncated to milliseconds; the same text for every stored value): a rebuild reads the whole log,
 * and parsing `Date`s and printing them again was about a tenth of its CPU.
 */
const LOG_COLUMNS = `global_position::text, transaction_id::text, event_id::text, stream_id, stream_version, type,
  schema_version, data, metadata,
  to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recorded_at`;

/**
 * The envelope of a row of the whole log, checked as every stored row is; a row it refuses names the event, which
 * a read of the whole log cannot otherwise tell.
 */
function logEnvelope(raw: unknown): EventEnvelope {
  try {
    return toEnvelope(raw);
  } catch (error) {
    const row = raw as RawRow;
    throw new Error(
      `stored event ${String(row.event_id)} (${String(row.stream_id)} version ${String(row.stream_version)}) is not ` +
        `a valid envelope: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/** Event store on PostgreSQL: append with an expected version, read a stream, read the whole log. */
export class PostgresEventStore {
  constructor(
    private readonly db: DataSource,
    private readonly subjectFor: SubjectFor,
  ) {}

  /**
   * Appends events after `expectedVersion` (0 for a new stream) with their outbox rows, in one
   * transaction. A stale expected version throws ConcurrencyError and writes nothing.
   */
  async append(
    streamId: string,
    expectedVersion: number,
    events: readonly NewEvent[],
    also?: InTransaction,
  ): Promise<EventEnvelope[]> {
    const traced = withTraceContext(events);
    const [outcome] = await this.appendBatch(
      [{ streamId, expectedVersion, events: traced }],
      also && ((tx) => also(tx)),
    );
    if (outcome instanceof Error) throw outcome;
    return outcome ?? [];
  }

  /**
   * Appends to several streams in one transaction (a group commit): a handful of statements whatever the
   * batch's size. Each request is checked against its stream's version first; a stale one gets a
   * ConcurrencyError in its place of the answer and is left out, the others are written. `also` runs in the
   * transaction with the requests that passed, before their events are inserted. Each stream at most once per
   * batch. If the transaction fails as a whole (a concurrent writer won the race on the unique version),
   * the whole batch throws — nothing of it is written.
   */
  async appendBatch<R extends AppendRequest>(
    requests: readonly R[],
    also?: (tx: EntityManager, accepted: readonly R[]) => Promise<void>,
  ): Promise<(EventEnvelope[] | ConcurrencyError)[]> {
    const streamIds = requests.map((r) => r.streamId);
    if (new Set(streamIds).size !== streamIds.length)
      throw new Error('appendBatch: a stream appears twice in one batch');
    try {
      return await this.db.transaction(async (tx) => {
        const rows = StreamVersions.parse(
          await tx.query(
            `SELECT stream_id, max(stream_version)::int AS version FROM events
                WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
            [streamIds],
          ),
        );
        const current = new Map(rows.map((r) => [r.stream_id, r.version]));
        const versionOf = (r: AppendRequest) => current.get(r.streamId) ?? 0;
        const accepted = requests.filter((r) => r.events.length > 0 && versionOf(r) === r.expectedVersion);
        if (also && accepted.length > 0) await also(tx, accepted);
        const stored = await this.insert(tx, accepted);
        return requests.map((r) => {
          if (r.events.length === 0) return [];
          const version = versionOf(r);
          if (version !== r.expectedVersion) return new ConcurrencyError(r.streamId, r.expectedVersion, version);
          return r.events.map((e) => stored.get(e.id) as EventEnvelope);
        });
      });
    } catch (error) {
      throw requests.length === 1 && requests[0]
        ? this.mapError(error, requests[0].streamId, requests[0].expectedVersion)
        : this.mapError(error, '(batch)', -1);
    }
  }

  /** Inserts the accepted requests' events and their outbox rows (two statements), in request order. */
  private async insert(tx: EntityManager, accepted: readonly AppendRequest[]): Promise<Map<string, EventEnvelope>> {
    const stored = new Map<string, EventEnvelope>();
    if (accepted.length === 0) return stored;
    const records = accepted.flatMap((r) =>
      r.events.map((event, i) => ({
        event_id: event.id,
        stream_id: r.streamId,
        stream_version: r.expectedVersion + i + 1,
        type: event.type,
        schema_version: event.schemaVersion,
        data: event.data,
        metadata: {
          tenantId: event.tenantId,
          chargerId: event.chargerId,
          correlationId: event.correlationId,
          causationId: event.causationId,
          ...(event.trace ? { trace: event.trace } : {}),
        },
        occurred_at: event.occurredAt,
      })),
    );
    const rows = (await tx.query(
      `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
       SELECT r.event_id, r.stream_id, r.stream_version, r.type, r.schema_version, r.data, r.metadata, r.occurred_at
         FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (event_id uuid, stream_id text, stream_version integer,
              type text, schema_version integer, data jsonb, metadata jsonb, occurred_at timestamptz))
              WITH ORDINALITY AS r(event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, ord)
        ORDER BY r.ord
       RETURNING ${COLUMNS}`,
      [JSON.stringify(records)],
    )) as unknown[];
    for (const row of rows) {
      const envelope = toEnvelope(row);
      stored.set(envelope.id, envelope);
    }
    const outbox = records.map((r) => {
      const envelope = stored.get(r.event_id) as EventEnvelope;
      return { event_id: envelope.id, subject: this.subjectFor(envelope), payload: envelope };
    });
    // The relay is woken in the same round trip (NOTIFY is delivered at commit).
    await tx.query(
      `WITH queued AS (
         INSERT INTO outbox (event_id, subject, payload)
         SELECT r.event_id, r.subject, r.payload
           FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (event_id uuid, subject text, payload jsonb))
                WITH ORDINALITY AS r(event_id, subject, payload, ord)
          ORDER BY r.ord
         RETURNING 1)
       SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT count(*) FROM queued) AS q`,
      [JSON.stringify(outbox)],
    );
    return stored;
  }

  /** The stream's events from `fromVersion` (inclusive), in version order. */
  async readStream(streamId: string, fromVersion = 1): Promise<EventEnvelope[]> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY events.stream_version`,
      [streamId, fromVersion],
    )) as unknown[];
    return rows.map(toEnvelope);
  }

  /** The stream's current version (0: no events), from the (stream_id, stream_version) index alone. */
  async streamVersion(streamId: string): Promise<number> {
    const rows = (await this.db.query(`SELECT max(stream_version) AS version FROM events WHERE stream_id = $1`, [
      streamId,
    ])) as { version: number | null }[];
    return rows[0]?.version ?? 0;
  }

  /**
   * Events after `cursor` in (transaction id, position) order, only from transactions older than every
   * transaction still in progress: a later read never finds an event before a cursor it already passed.
   */
  async readAll(
    cursor: LogCursor | null,
    limit = 1000,
  ): Promise<{ events: EventEnvelope[]; cursor: LogCursor | null }> {
    const after = cursor ?? { transactionId: '0', position: '0' };
    const rows = (await this.db.query(
      `SELECT ${LOG_COLUMNS} FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ORDER BY events.transaction_id, events.global_position LIMIT $3`,
      [after.transactionId, after.position, limit],
    )) as { transaction_id: string; global_position: string }[];
    const last = rows.at(-1);
    return {
      events: rows.map(logEnvelope),
      cursor: last ? { transactionId: last.transaction_id, position: last.global_position } : cursor,
    };
  }

  private mapError(error: unknown, streamId: string, expectedVersion: number): unknown {
    const driver =
      error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
    if (driver?.code === '23505' && driver.constraint === 'uq_events_stream_version') {
      return new ConcurrencyError(streamId, expectedVersion, null);
    }
    return error;
  }
}

import { ConcurrencyError } from '@chargeplane/contracts-api';
import type { EventEnvelope, NewEvent } from '@chargeplane/contracts-events';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { COLUMNS, LOG_COLUMNS, UTC_TEXT, logEnvelope, toEnvelope } from './event-rows.js';
import { preparedStatement, queryPrepared } from './prepared-statement.js';
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

/** Where each appended event goes on the bus (subject, without any run prefix); decided before the store records it. */
export type SubjectFor = (event: Omit<EventEnvelope, 'recordedAt'>) => string;

// Casts keep the column names, and ORDER BY prefers output names: every ORDER BY below names the table's
// columns (events.x) so that numbers are never sorted as text.
const StreamVersions = z.array(z.object({ stream_id: z.string(), version: z.number() }));

/**
 * The append statement: the events of the requests whose stream is at their expected version, in request order,
 * with an outbox row each and the relay woken (NOTIFY is delivered at commit). The outbox payload is the stored
 * envelope, built from the inserted row as `toEnvelope` builds it (instants as UTC text with milliseconds, the text
 * `Date#toISOString` gives for the same stored value); each row's subject is looked up by its event id in `$2`. The
 * outbox rows come from the inserted rows alone: a join of two CTE results has no statistics and was planned as a
 * nested loop (560,000 comparisons for a batch of 750 events). Prepared: its parse and plan cost more than running
 * it for a lone append.
 */
const APPEND = preparedStatement(
  'chargeplane_event_append',
  `WITH r AS (
     SELECT * FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (event_id uuid, stream_id text,
            expected_version integer, stream_version integer, type text, schema_version integer, data jsonb,
            metadata jsonb, occurred_at timestamptz))
            WITH ORDINALITY AS r(event_id, stream_id, expected_version, stream_version, type, schema_version,
                                 data, metadata, occurred_at, ord)),
   head AS (
     SELECT s.stream_id, (SELECT max(e.stream_version) FROM events e WHERE e.stream_id = s.stream_id) AS version
       FROM (SELECT DISTINCT stream_id FROM r) AS s),
   fresh AS (
     SELECT r.* FROM r JOIN head h USING (stream_id) WHERE coalesce(h.version, 0) = r.expected_version),
   inserted AS (
     INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
     SELECT event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at
       FROM fresh ORDER BY ord
     RETURNING ${COLUMNS}),
   queued AS (
     INSERT INTO outbox (event_id, subject, payload)
     SELECT i.event_id::uuid, $2::jsonb->>i.event_id,
            jsonb_build_object('id', i.event_id, 'type', i.type, 'schemaVersion', i.schema_version,
              'streamId', i.stream_id, 'streamVersion', i.stream_version,
              'tenantId', i.metadata->'tenantId', 'chargerId', i.metadata->'chargerId',
              'correlationId', i.metadata->'correlationId', 'causationId', i.metadata->'causationId',
              'occurredAt', ${UTC_TEXT('i.occurred_at')}, 'recordedAt', ${UTC_TEXT('i.recorded_at')},
              'data', i.data)
            || CASE WHEN i.metadata ? 'trace' THEN jsonb_build_object('trace', i.metadata->'trace')
                    ELSE '{}'::jsonb END
       FROM inserted i ORDER BY i.global_position::bigint
     RETURNING 1),
   woken AS (SELECT pg_notify('${OUTBOX_CHANNEL}', current_schema()) FROM (SELECT count(*) FROM queued) AS q)
   SELECT inserted.* FROM inserted, woken`,
);

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
   * Appends to several streams in one transaction (a group commit): three round trips whatever the batch's size
   * (START, the append statement, COMMIT) plus `also`'s. The append statement checks each request against its
   * stream's version, inserts the events of those that pass with their outbox rows and wakes the relay; a stale
   * request gets a ConcurrencyError in its place of the answer and is left out, the others are written. `also` runs
   * in the transaction with the requests that passed, after their events are inserted. Each stream at most once
   * per batch. If the transaction fails as a whole (a concurrent writer won the race on the unique version), the
   * whole batch throws — nothing of it is written.
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
        const stored = await this.insert(tx, requests);
        const written = (r: AppendRequest) => r.events.length > 0 && stored.has((r.events[0] as NewEvent).id);
        const accepted = requests.filter(written);
        if (also && accepted.length > 0) await also(tx, accepted);
        const stale = requests.filter((r) => r.events.length > 0 && !written(r));
        const current = stale.length > 0 ? await this.versions(tx, stale) : new Map<string, number>();
        return requests.map((r) => {
          if (r.events.length === 0) return [];
          if (!written(r)) return new ConcurrencyError(r.streamId, r.expectedVersion, current.get(r.streamId) ?? 0);
          return r.events.map((e) => stored.get(e.id) as EventEnvelope);
        });
      });
    } catch (error) {
      throw requests.length === 1 && requests[0]
        ? this.mapError(error, requests[0].streamId, requests[0].expectedVersion)
        : this.mapError(error, '(batch)', -1);
    }
  }

  /** The current version of each stream of `requests` (only asked when one of them was stale). */
  private async versions(tx: EntityManager, requests: readonly AppendRequest[]): Promise<Map<string, number>> {
    const rows = StreamVersions.parse(
      await tx.query(
        `SELECT stream_id, max(stream_version)::int AS version FROM events
          WHERE stream_id = ANY($1::text[]) GROUP BY stream_id`,
        [requests.map((r) => r.streamId)],
      ),
    );
    return new Map(rows.map((r) => [r.stream_id, r.version]));
  }

  /**
   * Runs the append statement (`APPEND`) for `requests`: returns the stored envelopes by event id; a request whose
   * events are not among them was stale.
   */
  private async insert(tx: EntityManager, requests: readonly AppendRequest[]): Promise<Map<string, EventEnvelope>> {
    const stored = new Map<string, EventEnvelope>();
    const subjects: [string, string][] = [];
    const records = requests.flatMap((r) =>
      r.events.map((event, i) => {
        const streamVersion = r.expectedVersion + i + 1;
        subjects.push([event.id, this.subjectFor({ ...event, streamId: r.streamId, streamVersion })]);
        return {
          event_id: event.id,
          stream_id: r.streamId,
          expected_version: r.expectedVersion,
          stream_version: streamVersion,
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
        };
      }),
    );
    if (records.length === 0) return stored;
    const rows = await queryPrepared(tx, APPEND, [
      JSON.stringify(records),
      JSON.stringify(Object.fromEntries(subjects)),
    ]);
    for (const row of rows) {
      const envelope = toEnvelope(row);
      stored.set(envelope.id, envelope);
    }
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

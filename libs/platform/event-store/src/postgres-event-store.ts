import { ConcurrencyError } from '@chargeplane/contracts-api';
import { EventEnvelope, type NewEvent } from '@chargeplane/contracts-events';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';

/** Position in the whole log: ordered by (transaction id, global position), safe against out-of-order commits. */
export interface LogCursor {
  transactionId: string;
  position: string;
}

/** Extra work done in the append's transaction (idempotency records, read-model rows of the writer). */
export type InTransaction = (tx: EntityManager) => Promise<void>;

/** Where each appended event goes on the bus (subject, without any run prefix). */
export type SubjectFor = (event: EventEnvelope) => string;

const Row = z.object({
  global_position: z.string(),
  transaction_id: z.string(),
  event_id: z.string(),
  stream_id: z.string(),
  stream_version: z.number(),
  type: z.string(),
  schema_version: z.number(),
  data: z.record(z.string(), z.unknown()),
  metadata: z.object({
    tenantId: z.string(),
    chargerId: z.string(),
    correlationId: z.string(),
    causationId: z.string().nullable(),
  }),
  occurred_at: z.date(),
  recorded_at: z.date(),
});

function toEnvelope(raw: unknown): EventEnvelope {
  const row = Row.parse(raw);
  return EventEnvelope.parse({
    id: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    ...row.metadata,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    data: row.data,
  });
}

// Casts keep the column names, and ORDER BY prefers output names: every ORDER BY below names the table's
// columns (events.x) so that numbers are never sorted as text.
const COLUMNS = `global_position::text, transaction_id::text, event_id::text, stream_id, stream_version, type,
  schema_version, data, metadata, occurred_at, recorded_at`;

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
    if (events.length === 0) return [];
    try {
      return await this.db.transaction(async (tx) => {
        const [{ version }] = (await tx.query(
          `SELECT COALESCE(max(stream_version), 0)::int AS version FROM events WHERE stream_id = $1`,
          [streamId],
        )) as [{ version: number }];
        if (version !== expectedVersion) throw new ConcurrencyError(streamId, expectedVersion, version);
        if (also) await also(tx);
        const stored: EventEnvelope[] = [];
        for (const [i, event] of events.entries()) {
          const metadata = {
            tenantId: event.tenantId,
            chargerId: event.chargerId,
            correlationId: event.correlationId,
            causationId: event.causationId,
          };
          const rows = (await tx.query(
            `INSERT INTO events (event_id, stream_id, stream_version, type, schema_version, data, metadata, occurred_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
            [
              event.id,
              streamId,
              expectedVersion + i + 1,
              event.type,
              event.schemaVersion,
              event.data,
              metadata,
              event.occurredAt,
            ],
          )) as unknown[];
          const envelope = toEnvelope(rows[0]);
          stored.push(envelope);
          await tx.query(`INSERT INTO outbox (event_id, subject, payload) VALUES ($1, $2, $3)`, [
            envelope.id,
            this.subjectFor(envelope),
            envelope,
          ]);
        }
        await tx.query(`SELECT pg_notify('chargeplane_outbox', '')`);
        return stored;
      });
    } catch (error) {
      throw this.mapError(error, streamId, expectedVersion);
    }
  }

  /** The stream's events from `fromVersion` (inclusive), in version order. */
  async readStream(streamId: string, fromVersion = 1): Promise<EventEnvelope[]> {
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM events WHERE stream_id = $1 AND stream_version >= $2 ORDER BY events.stream_version`,
      [streamId, fromVersion],
    )) as unknown[];
    return rows.map(toEnvelope);
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
      `SELECT ${COLUMNS} FROM events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
          AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
        ORDER BY events.transaction_id, events.global_position LIMIT $3`,
      [after.transactionId, after.position, limit],
    )) as { transaction_id: string; global_position: string }[];
    const last = rows.at(-1);
    return {
      events: rows.map(toEnvelope),
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

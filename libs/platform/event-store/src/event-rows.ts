import { EventEnvelope } from '@chargeplane/contracts-events';

// How a row of `events` becomes an envelope: the columns the store selects and the one mapping of them, checked by
// the envelope's schema. The append's outbox payload is built in SQL to the same shape (postgres-event-store.ts).

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
export function toEnvelope(raw: unknown): EventEnvelope {
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

export const COLUMNS = `global_position::text, transaction_id::text, event_id::text, stream_id, stream_version, type,
  schema_version, data, metadata, occurred_at, recorded_at`;

/** A timestamptz column as the text `Date#toISOString` gives for it (UTC, microseconds truncated to milliseconds). */
export const UTC_TEXT = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * COLUMNS for reading the whole log, with the instants as the ISO text `instant` makes of pg's `Date` (UTC,
 * microseconds truncated to milliseconds; the same text for every stored value): a rebuild reads the whole log,
 * and parsing `Date`s and printing them again was about a tenth of its CPU.
 */
export const LOG_COLUMNS = `global_position::text, transaction_id::text, event_id::text, stream_id, stream_version, type,
  schema_version, data, metadata, ${UTC_TEXT('occurred_at')} AS occurred_at, ${UTC_TEXT('recorded_at')} AS recorded_at`;

/**
 * The envelope of a row of the whole log, checked as every stored row is; a row it refuses names the event, which
 * a read of the whole log cannot otherwise tell.
 */
export function logEnvelope(raw: unknown): EventEnvelope {
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

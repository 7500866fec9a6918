// Bench-only stand-in for PostgresEventStore.readAll with its ORDER BY fixed (reported to the platform owners):
// the platform's query orders by the `::text` output columns, so PostgreSQL sorts every remaining row as text on
// each batch instead of walking the (transaction_id, global_position) index. Same filter, same parsing.
import { EventEnvelope } from '@chargeplane/contracts-events';
import type { LogCursor, PostgresEventStore } from '@chargeplane/platform-event-store';
import type { EventLog } from '@chargeplane/twin-adapters';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

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

export function orderedLog(db: DataSource, store: PostgresEventStore): EventLog {
  return {
    readStream: (streamId, fromVersion) => store.readStream(streamId, fromVersion),
    async readAll(cursor: LogCursor | null, limit = 1000) {
      const after = cursor ?? { transactionId: '0', position: '0' };
      const rows = z.array(Row).parse(
        await db.query(
          `SELECT global_position::text, transaction_id::text, event_id::text, stream_id, stream_version, type, schema_version, data, metadata, occurred_at, recorded_at
             FROM events
            WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              AND (transaction_id, global_position) > ($1::xid8, $2::bigint)
            ORDER BY events.transaction_id, events.global_position LIMIT $3`,
          [after.transactionId, after.position, limit],
        ),
      );
      const last = rows.at(-1);
      const events = rows.map((row) =>
        EventEnvelope.parse({
          id: row.event_id,
          type: row.type,
          schemaVersion: row.schema_version,
          streamId: row.stream_id,
          streamVersion: row.stream_version,
          ...row.metadata,
          occurredAt: row.occurred_at.toISOString(),
          recordedAt: row.recorded_at.toISOString(),
          data: row.data,
        }),
      );
      return { events, cursor: last ? { transactionId: last.transaction_id, position: last.global_position } : cursor };
    },
  };
}

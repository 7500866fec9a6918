import { topics } from '@chargeplane/contracts-api';
import {
  chargerStreamId,
  complianceStreamId,
  isPublishedChargerEvent,
  toPublicChargerEvent,
  toPublicComplianceEvent,
  type EventEnvelope,
} from '@chargeplane/contracts-events';
import type { PostgresEventStore } from '@chargeplane/platform-event-store';
import type { KafkaRecord } from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { RecordSink } from '../bridge.js';
import { toKafkaRecord, type PublishableEvent } from '../kafka-records.js';

export interface ReplaySummary {
  streams: number;
  events: number;
  published: number;
  skipped: number;
}

/** Which public topic a stored stream belongs to, and how its events become public. */
const kinds = [
  {
    prefix: 'charger-',
    topic: topics.chargerEvents,
    published: isPublishedChargerEvent,
    toPublic: (e: EventEnvelope): PublishableEvent => toPublicChargerEvent(e),
  },
  {
    prefix: 'compliance-',
    topic: topics.compliance,
    published: (_e: EventEnvelope): boolean => true,
    toPublic: (e: EventEnvelope): PublishableEvent => toPublicComplianceEvent(e),
  },
] as const;

const StreamIds = z.array(z.object({ stream_id: z.string() }));

/**
 * Republishes stored history to Kafka, marked `replay: true`: one charger's streams, or every stream of
 * a tenant's chargers. Each stream goes out in version order, in batches, keyed by charger id as live
 * events are, so consumers rebuild state with the same code (and dedupe by event id as always).
 */
export class HistoryReplay {
  constructor(
    private readonly store: PostgresEventStore,
    private readonly db: DataSource,
    private readonly sink: RecordSink,
    private readonly topicPrefix: string,
    private readonly batchSize: number,
    private readonly log: Logger,
  ) {}

  async replayCharger(chargerId: string): Promise<ReplaySummary> {
    return this.replayStreams([chargerStreamId(chargerId), complianceStreamId(chargerId)]);
  }

  /** The tenant's streams are found by the tenant id every stored event carries in its metadata. */
  async replayTenant(tenantId: string): Promise<ReplaySummary> {
    const rows = StreamIds.parse(
      await this.db.query(
        `SELECT DISTINCT stream_id FROM events
          WHERE metadata->>'tenantId' = $1 AND (stream_id LIKE 'charger-%' OR stream_id LIKE 'compliance-%')
          ORDER BY stream_id`,
        [tenantId],
      ),
    );
    return this.replayStreams(rows.map((r) => r.stream_id));
  }

  private async replayStreams(streamIds: readonly string[]): Promise<ReplaySummary> {
    const summary: ReplaySummary = { streams: 0, events: 0, published: 0, skipped: 0 };
    // The total the operator CLI's progress bar counts 'stream replayed' lines against.
    this.log.info({ streams: streamIds.length }, 'replay started');
    for (const streamId of streamIds) {
      const kind = kinds.find((k) => streamId.startsWith(k.prefix));
      if (!kind) continue;
      const events = await this.store.readStream(streamId);
      if (events.length === 0) continue;
      summary.streams++;
      summary.events += events.length;
      let batch: KafkaRecord[] = [];
      for (const event of events) {
        if (!kind.published(event)) continue;
        try {
          batch.push(toKafkaRecord(kind.toPublic(event), { replay: true }));
        } catch (error) {
          summary.skipped++;
          this.log.error(
            { err: error, streamId, streamVersion: event.streamVersion, type: event.type },
            'event has no valid public form; not replayed',
          );
        }
        if (batch.length >= this.batchSize) {
          await this.sink.send(`${this.topicPrefix}${kind.topic}`, batch);
          summary.published += batch.length;
          batch = [];
        }
      }
      if (batch.length > 0) await this.sink.send(`${this.topicPrefix}${kind.topic}`, batch);
      summary.published += batch.length;
      this.log.info({ streamId, events: events.length }, 'stream replayed');
    }
    return summary;
  }
}

import {
  startPartitionedGroup,
  type BatchItem,
  type KafkaRecord,
  type NatsBus,
  type PartitionedConsumer,
  type PartitionPipeline,
  type SharingOptions,
} from '@chargeplane/platform-messaging';
import type { Logger } from '@chargeplane/platform-observability';
import type { BridgeMetrics, PipelineLag } from './bridge.metrics.js';
import { pipelines, type Pipeline } from './bridge-pipelines.js';
import { toKafkaRecord } from './kafka-records.js';

/** Where records go: the KafkaPublisher in production. `send` resolves once Kafka acknowledged every record. */
export interface RecordSink {
  send(topic: string, records: readonly KafkaRecord[]): Promise<void>;
}

export interface BridgeSettings {
  /** Prefix for topic names (test isolation); empty in production. */
  topicPrefix: string;
  batchSize: number;
  maxAckPending?: number;
  ackWaitMs: number;
  retryMaxMs: number;
  /** How the replicas share the work (partitions, lease, dead letters); defaults for what is not given. */
  sharing?: SharingOptions;
}

/** The bridge's consumer group: its replicas share the charger partitions of all three pipelines. */
export const BRIDGE_GROUP = 'kafka-bridge';

/**
 * JetStream → Kafka, one pipeline per public topic. Replicas share the work by charger partition (docs/
 * architecture.md §7): the holder of a partition reads that partition's durable of each pipeline in stream
 * order, in batches: one Kafka send per batch, then every message of the batch is acknowledged
 * (at-least-once; consumers drop duplicates by event id). While Kafka is unreachable the batch in hand is
 * retried, nothing behind it moves, so a charger's events keep their order (key = charger id).
 */
export class KafkaBridge {
  private consumer: PartitionedConsumer | undefined;
  private readonly mapped = new WeakMap<object, KafkaRecord[]>();

  constructor(
    private readonly bus: NatsBus,
    private readonly sink: RecordSink,
    private readonly settings: BridgeSettings,
    private readonly log: Logger,
    private readonly metrics: BridgeMetrics,
  ) {}

  topic(name: string): string {
    return `${this.settings.topicPrefix}${name}`;
  }

  async start(group = BRIDGE_GROUP): Promise<void> {
    const shared: PartitionPipeline[] = pipelines.map((pipeline) => ({
      name: pipeline.name,
      stream: pipeline.stream,
      durable: pipeline.durable,
      subjectOf: pipeline.subjectOf,
      schema: pipeline.schema,
      chargerIdOf: pipeline.chargerIdOf,
      handleBatch: (items) => this.publish(pipeline, items),
    }));
    this.consumer = await startPartitionedGroup(
      this.bus,
      {
        group,
        batchSize: this.settings.batchSize,
        ...(this.settings.maxAckPending ? { maxAckPending: this.settings.maxAckPending } : {}),
        ackWaitMs: this.settings.ackWaitMs,
        retryMaxMs: this.settings.retryMaxMs,
        // Kafka away is waited out (the batch is kept in hand); only a record Kafka refuses for good is dead-lettered.
        isTransient: (error) => !isRefusedForGood(error),
        ...this.settings.sharing,
      },
      shared,
      this.log,
    );
    this.metrics.measureLagWith(() => this.lag());
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Partitions this replica bridges. */
  get owned(): number[] {
    return this.consumer?.owned ?? [];
  }

  /** Events behind and seconds behind, per pipeline over every partition, from JetStream's consumer info. */
  async lag(now = Date.now()): Promise<Map<string, PipelineLag>> {
    const result = new Map<string, PipelineLag>();
    for (const [name, lag] of (await this.consumer?.lag()) ?? []) {
      const secondsBehind = lag.oldestUnackedAt ? Math.max(0, (now - lag.oldestUnackedAt.getTime()) / 1000) : 0;
      result.set(name, { eventsBehind: lag.eventsBehind, secondsBehind });
    }
    return result;
  }

  private async publish(pipeline: Pipeline, items: BatchItem<unknown>[]): Promise<void> {
    const records = this.recordsOf(pipeline, items);
    if (records.length > 0)
      await this.sink.send(this.topic(pipeline.topic), records).catch((error: unknown) => {
        this.metrics.sendFailures.inc({ topic: pipeline.topic });
        throw error;
      });
    this.metrics.published.inc({ topic: pipeline.topic }, records.length);
    this.metrics.batchSize.observe({ pipeline: pipeline.name }, records.length);
    const now = Date.now();
    for (const item of items)
      this.metrics.publishLatency.observe({ pipeline: pipeline.name }, (now - item.storedAt.getTime()) / 1000);
  }

  /** Maps a batch once (a retried batch is the same array): an event without a public form is logged and skipped. */
  private recordsOf(pipeline: Pipeline, items: BatchItem<unknown>[]): KafkaRecord[] {
    const cached = this.mapped.get(items);
    if (cached) return cached;
    const records: KafkaRecord[] = [];
    for (const item of items) {
      try {
        const event = pipeline.toPublic(item.message);
        if (event) records.push(toKafkaRecord(event, { replay: false, ...(item.trace ? { trace: item.trace } : {}) }));
      } catch (error) {
        this.metrics.dropped.inc({ pipeline: pipeline.name, reason: 'unmappable' });
        this.log.error(
          { err: error, pipeline: pipeline.name, subject: item.subject, streamSeq: item.streamSeq },
          'event has no valid public form; not published',
        );
      }
    }
    this.mapped.set(items, records);
    return records;
  }
}

/** A record Kafka will never take (too large, invalid): the client marks such protocol errors not retriable. */
function isRefusedForGood(error: unknown): boolean {
  const e = error as { code?: unknown; canRetry?: unknown; errors?: unknown } | null;
  if (e?.code === 'PLT_KFK_PROTOCOL' && e.canRetry === false) return true;
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every((inner) => isRefusedForGood(inner));
}

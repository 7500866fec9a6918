import {
  consumeBatches,
  consumerLag,
  type BatchItem,
  type KafkaRecord,
  type NatsBus,
  type RunningBatchConsumer,
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
}

/**
 * JetStream → Kafka, one pipeline per public topic. Each pipeline reads its durable consumer in stream
 * order, in batches: one Kafka send per batch, then every message of the batch is acknowledged
 * (at-least-once; consumers drop duplicates by event id). While Kafka is unreachable the batch in hand is
 * retried, nothing behind it moves, so a charger's events keep their order (key = charger id).
 */
export class KafkaBridge {
  private readonly running: { pipeline: Pipeline; consumer: RunningBatchConsumer }[] = [];
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

  async start(): Promise<void> {
    for (const pipeline of pipelines) {
      const consumer = await consumeBatches(this.bus, {
        stream: pipeline.stream,
        durable: pipeline.durable,
        filterSubject: pipeline.filterSubject,
        schema: pipeline.schema,
        batchSize: this.settings.batchSize,
        ...(this.settings.maxAckPending ? { maxAckPending: this.settings.maxAckPending } : {}),
        ackWaitMs: this.settings.ackWaitMs,
        retryMaxMs: this.settings.retryMaxMs,
        handleBatch: (items) => this.publish(pipeline, items),
        onInvalid: (subject, problem) => {
          this.metrics.dropped.inc({ pipeline: pipeline.name, reason: 'invalid' });
          this.log.error(
            { pipeline: pipeline.name, subject, problem },
            'dropped a message that is not a valid envelope',
          );
        },
        onRetry: (err, attempt, delayMs) => {
          this.metrics.sendFailures.inc({ topic: pipeline.topic });
          this.log.warn(
            { err, pipeline: pipeline.name, attempt, delayMs },
            'Kafka send failed; the batch is kept and retried',
          );
        },
      });
      const { resetFrom, abandoned } = consumer.prepared;
      if (resetFrom !== null)
        this.log.warn(
          { pipeline: pipeline.name, resetFrom, abandoned },
          'resumed after unacknowledged messages, from the ack floor',
        );
      this.running.push({ pipeline, consumer });
    }
    this.metrics.measureLagWith(() => this.lag());
  }

  async stop(): Promise<void> {
    for (const { consumer } of this.running.splice(0)) await consumer.stop();
  }

  /** Events behind and seconds behind, per pipeline, from JetStream's consumer info. */
  async lag(now = Date.now()): Promise<Map<string, PipelineLag>> {
    const result = new Map<string, PipelineLag>();
    for (const { pipeline } of this.running) {
      const lag = await consumerLag(this.bus, pipeline.stream, pipeline.durable);
      const secondsBehind = lag.oldestUnackedAt ? Math.max(0, (now - lag.oldestUnackedAt.getTime()) / 1000) : 0;
      result.set(pipeline.name, { eventsBehind: lag.eventsBehind, secondsBehind });
    }
    return result;
  }

  private async publish(pipeline: Pipeline, items: BatchItem<unknown>[]): Promise<void> {
    const records = this.recordsOf(pipeline, items);
    if (records.length > 0) await this.sink.send(this.topic(pipeline.topic), records);
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

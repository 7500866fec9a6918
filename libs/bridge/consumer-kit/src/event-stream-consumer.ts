import { Kafka, logLevel, type Admin, type Consumer, type IHeaders } from 'kafkajs';
import type { ContractRegistry } from './contract-registry.js';
import { EventIdDeduper } from './event-id-deduper.js';
import { decodeRecord, type RawRecord } from './record-decoder.js';
import { dispatch, type ConsumerHandlers } from './typed-handlers.js';

export interface EventStreamConsumerOptions {
  brokers: string[];
  groupId: string;
  /** Bare topic names (`chargeplane.charger-events.v1`); `topicPrefix` is put in front of each. */
  topics: readonly string[];
  topicPrefix: string;
  registry: ContractRegistry;
  handlers: ConsumerHandlers;
  /** A group without committed offsets starts at the oldest record (true) or at the newest (false). */
  fromBeginning: boolean;
  /** Event ids remembered for dedupe. */
  dedupeCapacity: number;
  onInvalid: (problem: string, record: RawRecord) => void;
}

export interface ConsumerStats {
  records: number;
  handled: number;
  duplicates: number;
  invalid: number;
  unknownTypes: number;
}

const text = (v: IHeaders[string]): string =>
  Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? '' : v.toString();

/**
 * A typed Kafka consumer of the public topics: every record is validated (and upcast) before a handler
 * sees it, duplicates are dropped by event id, invalid records are reported and skipped. Records of one
 * charger arrive in order (they share a partition). `caughtUp()` says whether everything that was on the
 * topics when the consumer started has been processed.
 */
export class EventStreamConsumer {
  readonly stats: ConsumerStats = { records: 0, handled: 0, duplicates: 0, invalid: 0, unknownTypes: 0 };
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly deduper: EventIdDeduper;
  private readonly targets = new Map<string, bigint>();
  private readonly positions = new Map<string, bigint>();

  constructor(private readonly options: EventStreamConsumerOptions) {
    this.kafka = new Kafka({ clientId: options.groupId, brokers: options.brokers, logLevel: logLevel.ERROR });
    this.consumer = this.kafka.consumer({ groupId: options.groupId });
    this.deduper = new EventIdDeduper(options.dedupeCapacity);
  }

  private get fullTopics(): string[] {
    return this.options.topics.map((t) => `${this.options.topicPrefix}${t}`);
  }

  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await this.snapshotTargets(admin);
    } finally {
      await admin.disconnect();
    }
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.fullTopics, fromBeginning: this.options.fromBeginning });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, text(v)]));
        const record: RawRecord = {
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers,
        };
        await this.handle(record);
        this.positions.set(`${topic}:${partition}`, BigInt(message.offset) + 1n);
      },
    });
  }

  private async handle(record: RawRecord): Promise<void> {
    this.stats.records++;
    const decoded = decodeRecord(this.options.registry, record, this.options.topicPrefix);
    if (decoded.kind === 'invalid') {
      this.stats.invalid++;
      this.options.onInvalid(decoded.problem, record);
      return;
    }
    if (decoded.kind === 'unknown-type') {
      this.stats.unknownTypes++;
      await dispatch(this.options.handlers, decoded);
      return;
    }
    if (this.deduper.has(decoded.event.id)) {
      this.stats.duplicates++;
      return;
    }
    await dispatch(this.options.handlers, decoded);
    // Remembered only once handled: a handler that throws sees the event again when Kafka redelivers it.
    this.deduper.remember(decoded.event.id);
    this.stats.handled++;
  }

  /** Where each partition ends now, and where this group starts reading it. */
  private async snapshotTargets(admin: Admin): Promise<void> {
    const committed = await admin.fetchOffsets({ groupId: this.options.groupId, topics: this.fullTopics });
    for (const topic of this.fullTopics) {
      const ends = await admin.fetchTopicOffsets(topic);
      const start = committed.find((c) => c.topic === topic)?.partitions ?? [];
      for (const p of ends) {
        const key = `${topic}:${p.partition}`;
        const from = start.find((s) => s.partition === p.partition)?.offset ?? '-1';
        this.targets.set(key, BigInt(p.high));
        this.positions.set(
          key,
          BigInt(from) >= 0n ? BigInt(from) : this.options.fromBeginning ? BigInt(p.low) : BigInt(p.high),
        );
      }
    }
  }

  /** Everything that was on the topics at start has been processed. */
  caughtUp(): boolean {
    return [...this.targets].every(([key, high]) => (this.positions.get(key) ?? 0n) >= high);
  }

  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.caughtUp()) {
      if (Date.now() > deadline)
        throw new Error(`not caught up within ${timeoutMs} ms (${this.stats.records} records read)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

import {
  clientConnectionOptions,
  textRecord,
  topicOffsets,
  type KafkaSasl,
  type KafkaConnection,
  type KafkaTls,
} from '@chargeplane/platform-kafka';
import { Admin, Consumer, stringDeserializers, type Message, type MessagesStream } from '@platformatic/kafka';
import type { ContractRegistry } from './contract-registry.js';
import { EventIdDeduper } from './event-id-deduper.js';
import { decodeRecord, type RawRecord } from './record-decoder.js';
import { dispatch, type ConsumerHandlers } from './typed-handlers.js';

export type { KafkaSasl, KafkaTls } from '@chargeplane/platform-kafka';

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
  /** SASL PLAIN or SCRAM credentials; none by default. */
  sasl?: KafkaSasl;
  /** TLS to the brokers: true (system CAs) or CA, client certificate/key and rejectUnauthorized; plaintext by default. */
  tls?: boolean | KafkaTls;
  /** Client id the brokers see (logs, quotas); the group id by default. */
  clientId?: string;
  /** A handler threw: the record is retried after `delayMs` (nothing behind it moves). Default: console.error. */
  onHandlerError?: (error: unknown, record: RawRecord, attempt: number, delayMs: number) => void;
}

export interface ConsumerStats {
  records: number;
  handled: number;
  duplicates: number;
  invalid: number;
  unknownTypes: number;
}

type TextMessage = Message<string, string, string, string>;

const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 5_000;

/**
 * A typed Kafka consumer of the public topics: every record is validated (and upcast) before a handler
 * sees it, duplicates are dropped by event id, invalid records are reported and skipped. Records of one
 * charger arrive in order (they share a partition); a record's offset is committed only once it was handled,
 * and a handler that throws is retried on the same record. `caughtUp()` says whether everything that was on
 * the topics when the consumer started has been processed.
 */
export class EventStreamConsumer {
  readonly stats: ConsumerStats = { records: 0, handled: 0, duplicates: 0, invalid: 0, unknownTypes: 0 };
  private readonly connection: KafkaConnection;
  private readonly consumer: Consumer<string, string, string, string>;
  private readonly deduper: EventIdDeduper;
  private readonly targets = new Map<string, bigint>();
  private readonly positions = new Map<string, bigint>();
  private stream: MessagesStream<string, string, string, string> | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private failure: unknown = null;

  constructor(private readonly options: EventStreamConsumerOptions) {
    this.connection = {
      brokers: options.brokers,
      clientId: options.clientId ?? options.groupId,
      ...(options.sasl ? { sasl: options.sasl } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    };
    this.consumer = new Consumer({
      ...clientConnectionOptions(this.connection),
      groupId: options.groupId,
      deserializers: stringDeserializers,
      autocommit: false,
    });
    this.deduper = new EventIdDeduper(options.dedupeCapacity);
  }

  private get fullTopics(): string[] {
    return this.options.topics.map((t) => `${this.options.topicPrefix}${t}`);
  }

  async start(): Promise<void> {
    await this.snapshotTargets();
    const stream = await this.consumer.consume({
      topics: this.fullTopics,
      mode: 'committed',
      fallbackMode: this.options.fromBeginning ? 'earliest' : 'latest',
    });
    this.stream = stream;
    stream.on('error', (error) => (this.failure ??= error));
    this.loop = this.run(stream);
  }

  private async run(stream: AsyncIterable<TextMessage>): Promise<void> {
    for await (const message of stream) {
      const record: RawRecord = { ...textRecord(message), offset: String(message.offset) };
      if (!(await this.handleUntilDone(record))) return;
      this.positions.set(`${message.topic}:${message.partition}`, message.offset + 1n);
      // Commits are merged per partition by the client; a lost one means a redelivery, which dedupe absorbs.
      void Promise.resolve(message.commit()).catch(() => undefined);
      if (this.stopping) return;
    }
  }

  /** Handles the record, retrying while its handler throws; false when the consumer was stopped meanwhile. */
  private async handleUntilDone(record: RawRecord): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handle(record);
        return true;
      } catch (error) {
        if (this.stopping) return false;
        const delayMs = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (attempt - 1));
        if (this.options.onHandlerError) this.options.onHandlerError(error, record, attempt, delayMs);
        else
          console.error(`consumer-kit: handler failed on ${record.topic}:${record.partition}@${record.offset}`, error);
        await new Promise((r) => setTimeout(r, delayMs));
      }
    }
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
    // Remembered only once handled: a handler that throws sees the event again.
    this.deduper.remember(decoded.event.id);
    this.stats.handled++;
  }

  /** Where each partition ends now, and where this group starts reading it. */
  private async snapshotTargets(): Promise<void> {
    const ends = await topicOffsets(this.connection, this.fullTopics);
    const admin = new Admin(clientConnectionOptions(this.connection));
    try {
      const [group] = await admin.listConsumerGroupOffsets({
        groups: [{ groupId: this.options.groupId, topics: null }],
      });
      for (const p of ends) {
        const key = `${p.topic}:${p.partition}`;
        const committed = group?.topics
          .find((t) => t.name === p.topic)
          ?.partitions.find((c) => c.partitionIndex === p.partition)?.committedOffset;
        this.targets.set(key, p.high);
        this.positions.set(
          key,
          committed !== undefined && committed >= 0n ? committed : this.options.fromBeginning ? p.low : p.high,
        );
      }
    } finally {
      await admin.close();
    }
  }

  /** Everything that was on the topics at start has been processed. */
  caughtUp(): boolean {
    return [...this.targets].every(([key, high]) => (this.positions.get(key) ?? 0n) >= high);
  }

  async waitUntilCaughtUp(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.caughtUp()) {
      if (this.failure) throw new Error(`consumer failed: ${String(this.failure)}`, { cause: this.failure });
      if (Date.now() > deadline)
        throw new Error(`not caught up within ${timeoutMs} ms (${this.stats.records} records read)`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops reading after the record in hand, commits what was handled, and leaves the group. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.stream?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    await this.consumer.close();
  }
}

import { Kafka, logLevel, type Producer } from 'kafkajs';
import { checkExistingTopic, type TopicReport, type TopicSpec } from './topic-check.js';

export interface KafkaRecord {
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/**
 * The one place kafkajs is used (docs/stack.md §9): an idempotent producer (acks=all, one request in flight,
 * so per-key order survives retries) and topic creation. `send` resolves once Kafka has acknowledged.
 */
export class KafkaPublisher {
  private readonly kafka: Kafka;
  private producer: Producer;
  /** Set after a failed send: the next send starts from a fresh producer (see `send`). */
  private renewal: Promise<void> | null = null;
  private failed = false;

  constructor(brokers: string[], clientId: string) {
    this.kafka = new Kafka({
      clientId,
      brokers,
      logLevel: logLevel.ERROR,
      retry: { retries: 8, initialRetryTime: 200 },
    });
    this.producer = this.newProducer();
  }

  private newProducer(): Producer {
    return this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /**
   * Creates the topics that do not exist yet with the given partitions and replication; an existing topic is never
   * changed, and how it differs from its spec is reported (`checkExistingTopic`).
   */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<TopicReport[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((s) => ({
            topic: s.topic,
            numPartitions: s.partitions,
            replicationFactor: s.replicationFactor,
          })),
        });
      }
      const present = specs.filter((s) => existing.has(s.topic));
      const metadata =
        present.length > 0 ? (await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) })).topics : [];
      return specs.map((spec) => {
        const found = metadata.find((t) => t.name === spec.topic);
        if (!found) return { ...spec, action: 'created' as const, warnings: [] };
        const replicationFactor = Math.min(...found.partitions.map((p) => p.replicas.length));
        return checkExistingTopic(spec, { partitions: found.partitions.length, replicationFactor });
      });
    } finally {
      await admin.disconnect();
    }
  }

  /**
   * Sends the records in one request per partition leader and resolves when all are acknowledged by every
   * in-sync replica. A send that fails after the client's own retries leaves the producer's sequence state
   * in doubt (a broker restart can do that), so the next send renews the producer first; the caller
   * retries with the same records, which at worst duplicates them (consumers dedupe by event id).
   */
  async send(topic: string, records: readonly KafkaRecord[]): Promise<void> {
    if (this.failed) await this.renew();
    try {
      await this.producer.send({
        topic,
        acks: -1,
        messages: records.map((r) => ({ key: r.key, value: JSON.stringify(r.value), headers: r.headers })),
      });
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  private renew(): Promise<void> {
    this.renewal ??= (async () => {
      const old = this.producer;
      await old.disconnect().catch(() => undefined);
      const fresh = this.newProducer();
      await fresh.connect();
      this.producer = fresh;
      this.failed = false;
    })().finally(() => (this.renewal = null));
    return this.renewal;
  }

  async disconnect(): Promise<void> {
    await this.renewal?.catch(() => undefined);
    await this.producer.disconnect();
  }
}

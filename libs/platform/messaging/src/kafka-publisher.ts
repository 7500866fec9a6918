import { Kafka, logLevel, type Producer } from 'kafkajs';

export interface KafkaRecord {
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
}

/**
 * The one place kafkajs is used (STACK.md §9): an idempotent producer (acks=all, one request in flight,
 * so per-key order survives retries) and topic creation. `send` resolves once Kafka has acknowledged.
 */
export class KafkaPublisher {
  private readonly kafka: Kafka;
  private readonly producer: Producer;

  constructor(brokers: string[], clientId: string) {
    this.kafka = new Kafka({ clientId, brokers, logLevel: logLevel.ERROR, retry: { retries: 8, initialRetryTime: 200 } });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  async connect(): Promise<void> {
    await this.producer.connect();
  }

  /** Creates the topics that do not exist yet with the given partitions and replication. */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      if (missing.length > 0) {
        await admin.createTopics({ waitForLeaders: true, topics: missing.map((s) => ({ topic: s.topic, numPartitions: s.partitions, replicationFactor: s.replicationFactor })) });
      }
    } finally {
      await admin.disconnect();
    }
  }

  async send(topic: string, records: readonly KafkaRecord[]): Promise<void> {
    await this.producer.send({
      topic,
      acks: -1,
      messages: records.map((r) => ({ key: r.key, value: JSON.stringify(r.value), headers: r.headers })),
    });
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}

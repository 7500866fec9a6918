import { clientConnectionOptions, type KafkaConnection } from '@chargeplane/platform-kafka';
import {
  Admin,
  compatibilityPartitioner,
  ProduceAcks,
  Producer,
  stringSerializers,
  type ClusterMetadata,
} from '@platformatic/kafka';
import { checkExistingTopic, onlyAlreadyExists, type TopicReport, type TopicSpec } from './topic-check.js';

export interface KafkaRecord {
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/** Client retries of one request (metadata, produce) before a send fails, and the wait between them. */
const RETRIES = 8;
const RETRY_DELAY_MS = 200;
/** How long topic creation waits for every new partition to have a leader. */
const LEADERS_TIMEOUT_MS = 30_000;

/**
 * The one Kafka producer of the platform (docs/decisions/0005-kafka-client.md): an idempotent producer, acks=all,
 * keys placed on partitions as the Java client and kafkajs place them (murmur2, positive), and topic creation.
 * `send` resolves once every in-sync replica has the records.
 */
export class KafkaPublisher {
  private readonly connection: KafkaConnection;
  private producer: Producer<string, string, string, string>;
  /** Set after a failed send: the next send starts from a fresh producer (see `send`). */
  private renewal: Promise<void> | null = null;
  private failed = false;

  constructor(connection: KafkaConnection | readonly string[], clientId?: string) {
    this.connection = isConnection(connection)
      ? connection
      : { brokers: connection, clientId: clientId ?? 'chargeplane' };
    this.producer = this.newProducer();
  }

  private newProducer(): Producer<string, string, string, string> {
    return new Producer({
      ...clientConnectionOptions(this.connection),
      idempotent: true,
      acks: ProduceAcks.ALL,
      // Same partition per key as the Java client and kafkajs: a charger's events stay on the partition they were on.
      partitioner: compatibilityPartitioner,
      autocreateTopics: false,
      retries: RETRIES,
      retryDelay: RETRY_DELAY_MS,
      serializers: stringSerializers,
    });
  }

  private newAdmin(): Admin {
    return new Admin({ ...clientConnectionOptions(this.connection), retries: RETRIES, retryDelay: RETRY_DELAY_MS });
  }

  /** Reaches the cluster and registers the idempotent producer (its id and epoch), so a wrong address fails here. */
  async connect(): Promise<void> {
    await this.producer.initIdempotentProducer({ acks: ProduceAcks.ALL });
  }

  /**
   * Creates the topics that do not exist yet with the given partitions and replication, and waits for their
   * leaders; an existing topic is never changed, and how it differs from its spec is reported (`checkExistingTopic`).
   */
  async ensureTopics(specs: readonly TopicSpec[]): Promise<TopicReport[]> {
    const admin = this.newAdmin();
    try {
      const existing = new Set(await admin.listTopics());
      const missing = specs.filter((s) => !existing.has(s.topic));
      for (const s of missing) {
        await admin
          .createTopics({ topics: [s.topic], partitions: s.partitions, replicas: s.replicationFactor })
          .catch(async (error: unknown) => {
            // Another replica starting at the same moment created it first: that is the topic wanted, not a failure.
            if (onlyAlreadyExists(error)) return;
            if (!(await admin.listTopics()).includes(s.topic)) throw error;
          });
      }
      if (missing.length > 0)
        await waitForLeaders(
          admin,
          missing.map((s) => s.topic),
        );
      const present = specs.filter((s) => existing.has(s.topic));
      const metadata =
        present.length > 0 ? await admin.metadata({ topics: present.map((s) => s.topic), forceUpdate: true }) : null;
      return specs.map((spec) => {
        const found = metadata?.topics.get(spec.topic);
        if (!found) return { ...spec, action: 'created' as const, warnings: [] };
        const replicationFactor = Math.min(...found.partitions.map((p) => p.replicas.length));
        return checkExistingTopic(spec, { partitions: found.partitionsCount, replicationFactor });
      });
    } finally {
      await admin.close();
    }
  }

  /**
   * Sends the records (one produce request per partition leader) and resolves when all are acknowledged by every
   * in-sync replica. A send that fails after the client's own retries leaves the producer's sequence numbers in
   * doubt (a broker restart can do that), so the next send renews the producer first; the caller retries with the
   * same records, which at worst duplicates them (consumers dedupe by event id).
   */
  async send(topic: string, records: readonly KafkaRecord[]): Promise<void> {
    if (this.failed) await this.renew();
    try {
      await this.producer.send({
        messages: records.map((r) => ({ topic, key: r.key, value: JSON.stringify(r.value), headers: r.headers })),
      });
    } catch (error) {
      this.failed = true;
      throw error;
    }
  }

  private renew(): Promise<void> {
    this.renewal ??= (async () => {
      const old = this.producer;
      await old.close(true).catch(() => undefined);
      const fresh = this.newProducer();
      await fresh.initIdempotentProducer({ acks: ProduceAcks.ALL });
      this.producer = fresh;
      this.failed = false;
    })().finally(() => (this.renewal = null));
    return this.renewal;
  }

  async disconnect(): Promise<void> {
    await this.renewal?.catch(() => undefined);
    await this.producer.close();
  }
}

function isConnection(value: KafkaConnection | readonly string[]): value is KafkaConnection {
  return !Array.isArray(value);
}

/** Polls the topics' metadata until every partition has a leader (a new topic has none for a moment). */
async function waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADERS_TIMEOUT_MS;
  const led = (m: ClusterMetadata) =>
    topics.every((t) => {
      const topic = m.topics.get(t);
      return topic !== undefined && topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0);
    });
  for (;;) {
    const metadata = await admin.metadata({ topics, forceUpdate: true }).catch(() => null);
    if (metadata && led(metadata)) return;
    if (Date.now() > deadline) throw new Error(`Kafka topics ${topics.join(', ')} have no leader after 30 s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

import { tailTopics, topicOffsets, type TextRecord } from '@chargeplane/platform-kafka';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { KafkaPublisher } from './kafka-publisher.js';

describe('KafkaPublisher against a real Kafka', () => {
  let infra: TestInfra;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    infra = await provideInfra({ kafka: true });
    publisher = new KafkaPublisher({ brokers: infra.kafkaBrokers, clientId: 'topics-test' });
    await publisher.connect();
  });
  afterAll(async () => {
    await publisher?.disconnect();
    await infra?.stop(); // deletes the run's topics and groups
  });

  it('creates a missing topic with the configured partitions, and reports, never changes, an existing one with fewer', async () => {
    const topic = `${infra.runId}.retention-topic`;
    const created = await publisher.ensureTopics([{ topic, partitions: 2, replicationFactor: 1 }]);
    expect(created).toEqual([{ topic, partitions: 2, replicationFactor: 1, action: 'created', warnings: [] }]);

    const [report] = await publisher.ensureTopics([{ topic, partitions: 4, replicationFactor: 1 }]);

    expect(report).toMatchObject({ topic, action: 'exists', partitions: 2, replicationFactor: 1 });
    expect(report!.warnings).toEqual([
      expect.stringMatching(/^has 2 partitions, KAFKA_PARTITIONS asks for 4: left as it is/),
    ]);
    const offsets = await topicOffsets({ brokers: infra.kafkaBrokers, clientId: 'topics-test' }, [topic]);
    expect(offsets.map((p) => p.partition)).toEqual([0, 1]);
  });

  // The fault drill's two kafka-bridge replicas started together: both saw the topic missing, one created it and
  // the other's creation failed ("Creating topics failed"), so it exited and was restarted.
  it('lets replicas starting together each ensure the same missing topics, one creating and the others finding them', async () => {
    const topic = `${infra.runId}.started-together`;
    const others = [0, 1, 2].map((n) => new KafkaPublisher({ brokers: infra.kafkaBrokers, clientId: `together-${n}` }));
    const reports = await Promise.all(
      others.map((p) => p.ensureTopics([{ topic, partitions: 3, replicationFactor: 1 }])),
    );
    await Promise.all(others.map((p) => p.disconnect()));
    expect(reports.flat().map((r) => r.topic)).toEqual([topic, topic, topic]);
    const offsets = await topicOffsets({ brokers: infra.kafkaBrokers, clientId: 'topics-test' }, [topic]);
    expect(offsets.map((p) => p.partition)).toEqual([0, 1, 2]);
  });

  it('puts a key on the partition the Java client and kafkajs chose (murmur2, positive), in send order', async () => {
    const topic = `${infra.runId}.partitioning`;
    await publisher.ensureTopics([{ topic, partitions: 6, replicationFactor: 1 }]);
    // Kafka's own murmur2 vectors: "21" hashes to -973932308, "a-little-bit-long-string" to -985981536;
    // (hash & 0x7fffffff) % 6 gives partitions 0 and 2 (an unsigned hash would give 2 and 4).
    const keys = ['21', 'a-little-bit-long-string', '21'];
    await publisher.send(
      topic,
      keys.map((key, n) => ({ key, value: { n }, headers: { eventId: `e${n}` } })),
    );
    const seen: TextRecord[] = [];
    const tail = await tailTopics(
      { brokers: infra.kafkaBrokers, clientId: 'topics-test' },
      [topic],
      (r) => void seen.push(r),
      {
        groupPrefix: infra.runId,
      },
    );
    try {
      await vi.waitFor(() => expect(seen).toHaveLength(3), { timeout: 30_000, interval: 100 });
    } finally {
      await tail.stop();
    }
    const placed = seen.map((r) => [r.key, r.partition, r.value, r.headers['eventId']]);
    expect(placed.sort()).toEqual(
      [
        ['21', 0, '{"n":0}', 'e0'],
        ['21', 0, '{"n":2}', 'e2'],
        ['a-little-bit-long-string', 2, '{"n":1}', 'e1'],
      ].sort(),
    );
    expect(seen.filter((r) => r.key === '21').map((r) => r.offset)).toEqual([0n, 1n]);
  });
});

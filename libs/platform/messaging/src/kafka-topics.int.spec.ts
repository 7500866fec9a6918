import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaPublisher } from './kafka-publisher.js';

describe('ensureTopics against existing topics (real Kafka)', () => {
  let infra: TestInfra;
  let kafka: Kafka;
  let publisher: KafkaPublisher;
  let topic: string;

  beforeAll(async () => {
    infra = await provideInfra({ kafka: true });
    kafka = new Kafka({ clientId: 'topics-test', brokers: infra.kafkaBrokers, logLevel: logLevel.ERROR });
    publisher = new KafkaPublisher(infra.kafkaBrokers, 'topics-test');
    topic = `${infra.runId}.retention-topic`;
  });
  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    await infra?.stop();
  });

  it('creates a missing topic with the configured partitions, and reports, never changes, an existing one with fewer', async () => {
    const created = await publisher.ensureTopics([{ topic, partitions: 2, replicationFactor: 1 }]);
    expect(created).toEqual([{ topic, partitions: 2, replicationFactor: 1, action: 'created', warnings: [] }]);

    const [report] = await publisher.ensureTopics([{ topic, partitions: 4, replicationFactor: 1 }]);

    expect(report).toMatchObject({ topic, action: 'exists', partitions: 2, replicationFactor: 1 });
    expect(report!.warnings).toEqual([
      expect.stringMatching(/^has 2 partitions, KAFKA_PARTITIONS asks for 4: left as it is/),
    ]);
    const admin = kafka.admin();
    await admin.connect();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(metadata.topics[0]!.partitions).toHaveLength(2);
  });
});

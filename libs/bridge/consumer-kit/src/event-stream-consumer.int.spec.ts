import { topics } from '@chargeplane/contracts-api';
import { KafkaPublisher } from '@chargeplane/platform-messaging';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { ContractRegistry } from './contract-registry.js';
import { EventStreamConsumer, type EventStreamConsumerOptions } from './event-stream-consumer.js';
import { acceptedEvent, profile } from './evolution.spec-support.js';

const data = (n: number) => ({
  writeId: `w${n}`,
  chargingProfileId: 100 + n,
  connectorId: 1,
  chargingProfile: profile,
});
const id = (n: number) => `5a2b8f9e-1c3d-4e5f-8a7b-9c0d1e2f3a${String(n).padStart(2, '0')}`;

describe('EventStreamConsumer against a real Kafka', () => {
  let infra: TestInfra;
  let publisher: KafkaPublisher;
  let topicPrefix: string;
  const consumers: EventStreamConsumer[] = [];

  beforeAll(async () => {
    infra = await provideInfra({ kafka: true });
    topicPrefix = `${infra.runId}.`;
    publisher = new KafkaPublisher({ brokers: infra.kafkaBrokers, clientId: 'kit-test' });
    await publisher.connect();
    await publisher.ensureTopics([
      { topic: `${topicPrefix}${topics.chargerEvents}`, partitions: 3, replicationFactor: 1 },
    ]);
  });
  afterAll(async () => {
    for (const c of consumers) await c.stop().catch(() => undefined);
    await publisher?.disconnect();
    await infra?.stop(); // deletes the run's topics and consumer groups
  });

  const publish = (numbers: number[]) =>
    publisher.send(
      `${topicPrefix}${topics.chargerEvents}`,
      numbers.map((n) => ({ key: 'ZAPPI-1', value: acceptedEvent(1, data(n), id(n)), headers: { eventId: id(n) } })),
    );

  const consumer = (handled: number[], overrides: Partial<EventStreamConsumerOptions> = {}) => {
    const c = new EventStreamConsumer({
      brokers: infra.kafkaBrokers,
      groupId: `${infra.runId}-kit`,
      topics: [topics.chargerEvents],
      topicPrefix,
      registry: ContractRegistry.published(),
      handlers: { events: { ChargingProfileAccepted: (e) => void handled.push(e.data.chargingProfileId - 100) } },
      fromBeginning: true,
      dedupeCapacity: 100,
      onInvalid: (problem) => {
        throw new Error(`unexpected invalid record: ${problem}`);
      },
      ...overrides,
    });
    consumers.push(c);
    return c;
  };

  it('retries a record whose handler throws, in order, and a restart resumes after what was handled', async () => {
    await publish([1, 2, 3]);
    const handled: number[] = [];
    const failures: { record: string; attempt: number }[] = [];
    let failOnce = true;
    const first = consumer(handled, {
      handlers: {
        events: {
          ChargingProfileAccepted: (e) => {
            const n = e.data.chargingProfileId - 100;
            if (n === 2 && failOnce) {
              failOnce = false;
              throw new Error('database down');
            }
            handled.push(n);
          },
        },
      },
      onHandlerError: (_error, record, attempt) => void failures.push({ record: record.offset, attempt }),
    });
    await first.start();
    await first.waitUntilCaughtUp(30_000);
    expect(handled).toEqual([1, 2, 3]);
    expect(failures).toEqual([{ record: '1', attempt: 1 }]);
    await first.stop();

    await publish([4]);
    const later: number[] = [];
    const second = consumer(later);
    await second.start();
    await second.waitUntilCaughtUp(30_000);
    expect(later).toEqual([4]);
    expect(second.stats).toMatchObject({ records: 1, handled: 1, invalid: 0 });
  });
});

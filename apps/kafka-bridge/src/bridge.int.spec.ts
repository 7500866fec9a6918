import { randomUUID } from 'node:crypto';
import { streams, subjects, topics } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { KafkaPublisher, NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaBridge } from './bridge.js';

const envelope = (chargerId: string, version: number): EventEnvelope => ({
  id: randomUUID(),
  type: version === 1 ? 'ChargerRegistered' : 'ChargerConnected',
  schemaVersion: 1,
  streamId: `charger-${chargerId}`,
  streamVersion: version,
  tenantId: 'tenant-a',
  chargerId,
  occurredAt: new Date(Date.UTC(2026, 10, 25, 10, version)).toISOString(),
  recordedAt: new Date(Date.UTC(2026, 10, 25, 10, version)).toISOString(),
  correlationId: 'c',
  causationId: null,
  data:
    version === 1
      ? { tenantId: 'tenant-a', model: 'zappi', jurisdiction: null, tags: [], credentialsHash: 'scrypt$never-published' }
      : { edgeId: 'e', connectionId: `k${version}` },
});

describe('kafka-bridge (real NATS and Kafka)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  let kafka: KafkaPublisher;
  let bridge: KafkaBridge;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, kafka: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'bridge-test', prefix: infra.runId });
    await bus.ensureStreams([streams.chargerEvents, streams.ocppIn]);
    kafka = new KafkaPublisher(infra.kafkaBrokers, 'bridge-test');
    await kafka.connect();
    bridge = new KafkaBridge(bus, kafka, `${infra.runId}.`, createLogger('bridge-test', 'silent'));
    await kafka.ensureTopics([{ topic: bridge.topic(topics.chargerEvents), partitions: 3, replicationFactor: 1 }, { topic: bridge.topic(topics.telemetry), partitions: 3, replicationFactor: 1 }]);
  });
  afterAll(async () => {
    await bridge?.stop();
    await kafka?.disconnect();
    await bus?.deleteStreams([streams.chargerEvents, streams.ocppIn]);
    await bus?.close();
    await infra?.stop();
  });

  it('publishes each charger’s events in order, keyed by charger id, with headers and without internal secrets', async () => {
    const chargers = ['K-1', 'K-2', 'K-3'];
    const sent = new Map(chargers.map((c) => [c, [1, 2, 3, 4, 5].map((v) => envelope(c, v))]));
    // Interleave the chargers on the stream, as concurrent commands would.
    for (let v = 0; v < 5; v++) for (const c of chargers) await bus.publish(subjects.chargerEvents(c), sent.get(c)![v], sent.get(c)![v]!.id);
    await bridge.start();

    const consumer = new Kafka({ brokers: infra.kafkaBrokers, logLevel: logLevel.NOTHING }).consumer({ groupId: `${infra.runId}-check` });
    await consumer.connect();
    await consumer.subscribe({ topic: bridge.topic(topics.chargerEvents), fromBeginning: true });
    const received = new Map<string, { id: string; headers: Record<string, string>; raw: string }[]>();
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key!.toString();
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        const raw = message.value!.toString();
        received.set(key, [...(received.get(key) ?? []), { id: (JSON.parse(raw) as { id: string }).id, headers, raw }]);
      },
    });
    await vi.waitFor(() => expect([...received.values()].flat()).toHaveLength(15), { timeout: 30_000, interval: 200 });
    await consumer.disconnect();

    for (const c of chargers) {
      const got = received.get(c)!;
      expect(got.map((r) => r.id)).toEqual(sent.get(c)!.map((e) => e.id));
      expect(got[0]!.headers).toMatchObject({ type: 'ChargerRegistered', schemaVersion: '1', tenantId: 'tenant-a', eventId: got[0]!.id });
      expect(got[0]!.raw).not.toContain('never-published');
    }
  });
});

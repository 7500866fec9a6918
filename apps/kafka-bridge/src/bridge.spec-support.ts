import { randomUUID } from 'node:crypto';
import { streams, subjects, topics } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { tailTopics } from '@chargeplane/platform-kafka';
import { KafkaPublisher, NatsBus, type KafkaRecord } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import type { TestInfra } from '@chargeplane/platform-testing';
import { Registry } from 'prom-client';
import { KafkaBridge, type BridgeSettings, type RecordSink } from './bridge.js';
import { BridgeMetrics } from './bridge.metrics.js';

export const bridgedStreams = [streams.chargerEvents, streams.ocppIn, streams.complianceEvents];

/** When the test histories begin: the test's clock, whole seconds. */
const HISTORY_START_MS = Math.floor(Date.now() / 1000) * 1000;

/** A valid internal charger event: version 1 registers the charger, later ones are connections numbered by version. */
export function chargerEvent(chargerId: string, version: number, tenantId = 'tenant-a'): EventEnvelope {
  const at = new Date(HISTORY_START_MS + version * 1000).toISOString();
  return {
    id: randomUUID(),
    type: version === 1 ? 'ChargerRegistered' : 'ChargerConnected',
    schemaVersion: 1,
    streamId: `charger-${chargerId}`,
    streamVersion: version,
    tenantId,
    chargerId,
    occurredAt: at,
    recordedAt: at,
    correlationId: `corr-${version}`,
    causationId: null,
    data:
      version === 1
        ? { tenantId, model: 'zappi', jurisdiction: null, tags: [], credentialsHash: 'scrypt$never-published' }
        : { edgeId: 'edge-1', connectionId: `k${version}` },
  };
}

export async function publishChargerEvent(bus: NatsBus, event: EventEnvelope): Promise<void> {
  await bus.publish(subjects.chargerEvents(event.chargerId), event, event.id);
}

export interface BridgeRig {
  bus: NatsBus;
  kafka: KafkaPublisher;
  topicPrefix: string;
  topic: (name: string) => string;
  startBridge: (options?: {
    sink?: RecordSink;
    bus?: NatsBus;
    settings?: Partial<BridgeSettings>;
  }) => Promise<{ bridge: KafkaBridge; registry: Registry }>;
  stop: () => Promise<void>;
}

/** NATS streams (prefixed with the run id), Kafka topics (prefixed too) and a way to start bridges on them. */
export async function bridgeRig(infra: TestInfra, name: string, partitions = 3): Promise<BridgeRig> {
  const bus = await NatsBus.connect({ url: infra.natsUrl, name, prefix: infra.runId });
  await bus.ensureStreams(bridgedStreams);
  const kafka = new KafkaPublisher(infra.kafkaBrokers, name);
  await kafka.connect();
  const topicPrefix = `${infra.runId}.`;
  const topic = (t: string) => `${topicPrefix}${t}`;
  await kafka.ensureTopics(Object.values(topics).map((t) => ({ topic: topic(t), partitions, replicationFactor: 1 })));
  const started: KafkaBridge[] = [];
  return {
    bus,
    kafka,
    topicPrefix,
    topic,
    async startBridge(options = {}) {
      const registry = new Registry();
      const settings: BridgeSettings = {
        topicPrefix,
        batchSize: 100,
        ackWaitMs: 30_000,
        retryMaxMs: 500,
        ...options.settings,
      };
      const bridge = new KafkaBridge(
        options.bus ?? bus,
        options.sink ?? kafka,
        settings,
        createLogger(name, 'silent'),
        new BridgeMetrics(registry),
      );
      await bridge.start();
      started.push(bridge);
      return { bridge, registry };
    },
    async stop() {
      for (const b of started) await b.stop().catch(() => undefined);
      await kafka.disconnect();
      await bus.deleteStreams(bridgedStreams);
      await bus.close();
    },
  };
}

export interface SeenRecord {
  key: string;
  id: string;
  partition: number;
  headers: Record<string, string>;
  value: Record<string, unknown>;
}

/** Every record of a topic, raw (duplicates included), read from the beginning by a fresh group. */
export async function readTopic(
  brokers: string[],
  topic: string,
  until: (records: SeenRecord[]) => boolean,
  timeoutMs = 30_000,
): Promise<SeenRecord[]> {
  const records: SeenRecord[] = [];
  const tail = await tailTopics(
    { brokers, clientId: 'bridge-test-reader' },
    [topic],
    (r) => {
      const value = JSON.parse(r.value!) as Record<string, unknown>;
      records.push({ key: r.key!, id: String(value['id']), partition: r.partition, headers: r.headers, value });
    },
    { groupPrefix: topic },
  );
  try {
    await vi.waitFor(() => expect(until(records)).toBe(true), { timeout: timeoutMs, interval: 100 });
    return records;
  } finally {
    await tail.stop();
  }
}

/** Ids per key in first-seen order, duplicates dropped (what a deduping consumer sees). */
export function distinctByKey(records: readonly SeenRecord[]): Map<string, string[]> {
  const seen = new Set<string>();
  const byKey = new Map<string, string[]>();
  for (const r of records) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.id]);
  }
  return byKey;
}

/** A sink that passes records on to Kafka, except that it fails its next `failures` sends first. */
export class FlakySink implements RecordSink {
  sends = 0;
  constructor(
    private readonly inner: RecordSink,
    private failures: number,
  ) {}

  async send(topic: string, records: readonly KafkaRecord[]): Promise<void> {
    this.sends++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('Kafka unreachable (simulated)');
    }
    await this.inner.send(topic, records);
  }
}

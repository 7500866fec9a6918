import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streams, subjects } from '@chargeplane/contracts-api';
import { EventEnvelope } from '@chargeplane/contracts-events';
import {
  defaultStreamPolicy,
  NatsBus,
  startPartitionedGroup,
  type PartitionedConsumer,
  type PartitionPipeline,
} from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { eventually, startNatsCluster, type NatsCluster } from '@chargeplane/platform-testing';
import { anEvent, useEventStore } from './event-store.spec-support.js';
import { OutboxRelay } from './outbox-relay.js';

const root = new URL('../../../../', import.meta.url).pathname;

// Point 3 of the fault guarantees (docs/architecture.md §4): the event path works against a 3-node JetStream
// cluster with R3 streams and goes on when one node is killed.
describe('outbox relay → R3 stream → durable consumer on a 3-node NATS cluster (real PostgreSQL)', () => {
  const rig = useEventStore();
  let cluster: NatsCluster;
  let bus: NatsBus;
  let relay: OutboxRelay;
  let consumer: PartitionedConsumer;
  const received: EventEnvelope[] = [];
  const receivedAll = (n: number, timeoutMs: number) =>
    eventually(async () => (received.length >= n ? received.length : undefined), timeoutMs, 100);

  beforeAll(async () => {
    cluster = await startNatsCluster(root, mkdtempSync(join(tmpdir(), 'cp-nats-cluster-')));
    bus = await NatsBus.connect({ url: cluster.url, name: 'cluster-spec', prefix: rig.infra.runId });
    // The meta leader may still be being elected right after start: the first create can be refused.
    await eventually(
      () =>
        bus.ensureStreams([streams.chargerEvents, streams.deadLetters], {
          policy: { ...defaultStreamPolicy, replicas: 3 },
        }),
      30_000,
      500,
    );
    relay = new OutboxRelay(rig.db, (subject, event) => bus.publish(subject, event, event.id).then(() => undefined), {
      databaseUrl: rig.infra.databaseUrl,
      pollMs: 200,
      maxPayloadBytes: () => bus.maxPayload,
      deadLetter: async (letter) => {
        throw new Error(`no event of this test may be dead-lettered: ${JSON.stringify(letter)}`);
      },
    });
    await relay.start();
    // The durable consumers as every service runs them: one per charger partition, under a lease.
    const pipeline: PartitionPipeline<typeof EventEnvelope> = {
      name: 'charger-events',
      stream: streams.chargerEvents.name,
      durable: 'cluster-spec',
      subjectOf: (k) => subjects.chargerEventsPartition(k),
      schema: EventEnvelope,
      handleBatch: async (items) => void received.push(...items.map((i) => i.message)),
      chargerIdOf: (event) => event.chargerId,
    };
    consumer = await startPartitionedGroup(
      bus,
      { group: 'cluster-spec', batchSize: 10 },
      [pipeline as PartitionPipeline],
      createLogger('cluster-spec', 'warn'),
    );
  }, 120_000);

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await bus?.close();
    await cluster?.stop();
  });

  it('keeps every event, in per-charger order, with R3 streams while one node is down and after it returns', async () => {
    const info = await bus.jsm.streams.info(bus.stream(streams.chargerEvents.name));
    expect(info.config.num_replicas).toBe(3);

    const before = [anEvent('A'), anEvent('A'), anEvent('B')];
    await rig.store.append('charger-A', 0, before.slice(0, 2));
    await rig.store.append('charger-B', 0, before.slice(2));
    await receivedAll(3, 30_000);

    const leader = info.cluster?.leader ?? 'n1';
    await cluster.killNode(Number(leader.replace(/^n/, '')));
    const during = [anEvent('A'), anEvent('B'), anEvent('A')];
    await rig.store.append('charger-A', 2, [during[0]!]);
    await rig.store.append('charger-B', 1, [during[1]!]);
    await rig.store.append('charger-A', 3, [during[2]!]);
    await receivedAll(6, 60_000);

    await cluster.startNode();
    const after = [anEvent('B')];
    await rig.store.append('charger-B', 2, after);
    await receivedAll(7, 60_000);

    // At least once: a delivery whose ack was lost with the node comes again; dedupe by event id, keep first order.
    const unique = [...new Map(received.map((e) => [e.id, e])).values()];
    const ids = (chargerId: string) => unique.filter((e) => e.chargerId === chargerId).map((e) => e.id);
    const all = [...before, ...during, ...after];
    expect(ids('A')).toEqual(all.filter((e) => e.chargerId === 'A').map((e) => e.id));
    expect(ids('B')).toEqual(all.filter((e) => e.chargerId === 'B').map((e) => e.id));
    expect(unique).toHaveLength(7);
  }, 180_000);
});

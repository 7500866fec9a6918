import { topics } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { NatsBus } from '@chargeplane/platform-messaging';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import {
  bridgeRig,
  chargerEvent,
  distinctByKey,
  publishChargerEvent,
  readTopic,
  type BridgeRig,
} from './bridge.spec-support.js';

const CHARGERS = Array.from({ length: 12 }, (_, i) => `R-${i + 1}`);
/** DEFAULT_CHARGER_PARTITIONS: two replicas hold 8 each. */
const PARTITIONS = 16;

describe('kafka-bridge replicas sharing the work (real NATS and Kafka)', () => {
  let infra: TestInfra;
  let rig: BridgeRig;
  const sent = new Map<string, EventEnvelope[]>(CHARGERS.map((c) => [c, []]));

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, kafka: true });
    rig = await bridgeRig(infra, 'bridge-replicas');
  });
  afterAll(async () => {
    await rig?.stop();
    await infra?.stop();
  });

  const publish = async (versions: number) => {
    for (let v = 0; v < versions; v++)
      for (const c of CHARGERS) {
        const event = chargerEvent(c, sent.get(c)!.length + 1);
        sent.get(c)!.push(event);
        await publishChargerEvent(rig.bus, event);
      }
  };
  const total = () => [...sent.values()].reduce((n, events) => n + events.length, 0);
  const onKafka = (count: number) =>
    readTopic(infra.kafkaBrokers, rig.topic(topics.chargerEvents), (r) => new Set(r.map((x) => x.id)).size >= count);
  const replica = async (name: string) => {
    const bus = await NatsBus.connect({ url: infra.natsUrl, name, prefix: infra.runId });
    const { bridge } = await rig.startBridge({ bus, settings: { batchSize: 10 } });
    return { bus, bridge };
  };

  it('puts every charger event on Kafka once and in order while a replica joins, one leaves and one crashes', async () => {
    const a = await replica('bridge-a');
    expect(a.bridge.owned).toHaveLength(PARTITIONS);
    await publish(5);
    const b = await replica('bridge-b');
    await publish(5);
    await vi.waitFor(() => expect(b.bridge.owned).toHaveLength(PARTITIONS / 2), { timeout: 20_000 });
    expect(a.bridge.owned).toHaveLength(PARTITIONS / 2);
    await publish(5);
    await a.bridge.stop(); // a rolling deploy: a hands its partitions over
    await a.bus.close();
    const c = await replica('bridge-c');
    await publish(5);
    await vi.waitFor(() => expect(c.bridge.owned).toHaveLength(PARTITIONS / 2), { timeout: 20_000 });

    // Planned handovers (join, leave) publish nothing twice.
    const beforeCrash = await onKafka(total());
    expect(beforeCrash).toHaveLength(total());

    // c dies: its leases expire and b takes its partitions over, from their ack floors.
    await c.bus.nc.close();
    await publish(5);
    await vi.waitFor(() => expect(b.bridge.owned).toHaveLength(PARTITIONS), { timeout: 30_000 });
    const raw = await onKafka(total());
    const byKey = distinctByKey(raw);
    for (const charger of CHARGERS) expect(byKey.get(charger)).toEqual(sent.get(charger)!.map((e) => e.id));
    await c.bridge.stop().catch(() => undefined);
    await b.bridge.stop();
    await b.bus.close();
  }, 180_000);
});

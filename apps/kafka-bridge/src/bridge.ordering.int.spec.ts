import { topics } from '@chargeplane/contracts-api';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import {
  bridgeRig,
  chargerEvent,
  distinctByKey,
  publishChargerEvent,
  readTopic,
  type BridgeRig,
} from './bridge.spec-support.js';

describe('kafka-bridge ordering (real NATS and Kafka)', () => {
  let infra: TestInfra;
  let rig: BridgeRig;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, kafka: true });
    rig = await bridgeRig(infra, 'bridge-ordering', 6);
  });
  afterAll(async () => {
    await rig?.stop();
    await infra?.stop();
  });

  it('keeps each charger’s order on Kafka while several producers publish concurrently and the bridge batches', async () => {
    const { registry } = await rig.startBridge({ settings: { batchSize: 50 } });
    // Four producers, each the single writer of its own chargers (as charger aggregates are), all at once.
    const producers = [0, 1, 2, 3].map((p) => Array.from({ length: 5 }, (_, i) => `P${p}-C${i}`));
    const sent = new Map<string, string[]>();
    await Promise.all(
      producers.map(async (chargers) => {
        for (let v = 1; v <= 60; v++) {
          await Promise.all(
            chargers.map(async (c) => {
              const e = chargerEvent(c, v);
              sent.set(c, [...(sent.get(c) ?? []), e.id]);
              await publishChargerEvent(rig.bus, e);
            }),
          );
        }
      }),
    );
    const total = 4 * 5 * 60;
    const records = await readTopic(
      infra.kafkaBrokers,
      rig.topic(topics.chargerEvents),
      (r) => distinctCount(r) >= total,
      60_000,
    );

    const byKey = distinctByKey(records);
    for (const [charger, ids] of sent) expect(byKey.get(charger)).toEqual(ids);
    const partitions = new Set(records.map((r) => r.partition));
    expect(partitions.size).toBeGreaterThan(1);
    const sends = /kafka_bridge_batch_records_count\{pipeline="charger-events"\} (\d+)/.exec(
      await registry.getSingleMetricAsString('kafka_bridge_batch_records'),
    );
    expect(Number(sends?.[1])).toBeLessThan(total / 2);
  }, 120_000);
});

const distinctCount = (records: readonly { id: string }[]) => new Set(records.map((r) => r.id)).size;

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { topics } from '@chargeplane/contracts-api';
import type { EventEnvelope } from '@chargeplane/contracts-events';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import {
  bridgeRig,
  chargerEvent,
  distinctByKey,
  publishChargerEvent,
  readTopic,
  type BridgeRig,
} from './bridge.spec-support.js';

const root = new URL('../../../', import.meta.url).pathname;
const run = promisify(execFile);
const kafkaScript = (name: 'start.sh' | 'stop.sh') =>
  run('bash', [join(root, 'deploy/local/kafka', name)], { cwd: root, timeout: 120_000 });

// Stopping a broker is only ever done to the project's own local one (deploy/local/kafka), never to a broker
// the environment points at.
const localBroker =
  process.env['KAFKA_BROKERS'] === '127.0.0.1:9092' && existsSync(join(root, '.local/kafka/broker.pid'));
const skipReason = localBroker
  ? ''
  : ' [skipped: needs the project’s local broker: KAFKA_BROKERS=127.0.0.1:9092 and .local/kafka/broker.pid]';

describe('kafka-bridge across a Kafka restart (real NATS and Kafka)', () => {
  let infra: TestInfra;
  let rig: BridgeRig;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, kafka: true });
    rig = await bridgeRig(infra, 'bridge-kafka-restart');
  });
  afterAll(async () => {
    await rig?.stop();
    await infra?.stop();
  });

  it.skipIf(!localBroker)(
    `waits while Kafka is down and resumes without loss or reordering${skipReason}`,
    async () => {
      const { bridge, registry } = await rig.startBridge({ settings: { batchSize: 50, retryMaxMs: 1_000 } });
      const chargers = ['R-1', 'R-2', 'R-3'];
      const sent = new Map<string, EventEnvelope[]>(chargers.map((c) => [c, []]));
      let publishing = true;
      const publisher = (async () => {
        for (let v = 1; publishing || v <= 30; v++) {
          for (const c of chargers) {
            const e = chargerEvent(c, v);
            sent.get(c)!.push(e);
            await publishChargerEvent(rig.bus, e);
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      const published = async () =>
        Number(
          /kafka_bridge_records_published_total\{topic="[^"]*charger-events[^"]*"\} (\d+)/.exec(
            await registry.getSingleMetricAsString('kafka_bridge_records_published_total'),
          )?.[1] ?? 0,
        );
      await vi.waitFor(async () => expect(await published()).toBeGreaterThan(60), { timeout: 30_000 });
      let stopped = false;
      try {
        await kafkaScript('stop.sh');
        stopped = true;
        // While Kafka is down the bridge holds its batch: the lag grows and shows.
        await vi.waitFor(
          async () => expect((await bridge.lag()).get('charger-events')!.secondsBehind).toBeGreaterThan(2),
          { timeout: 20_000, interval: 250 },
        );
        expect((await bridge.lag()).get('charger-events')!.eventsBehind).toBeGreaterThan(0);
      } finally {
        if (stopped) await kafkaScript('start.sh');
      }
      publishing = false;
      await publisher;
      await vi.waitFor(async () => expect((await bridge.lag()).get('charger-events')!.eventsBehind).toBe(0), {
        timeout: 120_000,
        interval: 500,
      });

      const total = [...sent.values()].reduce((n, events) => n + events.length, 0);
      const records = await readTopic(
        infra.kafkaBrokers,
        rig.topic(topics.chargerEvents),
        (r) => new Set(r.map((x) => x.id)).size >= total,
        60_000,
      );
      const byKey = distinctByKey(records);
      for (const c of chargers) expect(byKey.get(c)).toEqual(sent.get(c)!.map((e) => e.id));
    },
    300_000,
  );
});

import { topics } from '@chargeplane/contracts-api';
import { ContractRegistry, EventStreamConsumer } from '@chargeplane/bridge-consumer-kit';
import { NatsBus, type KafkaRecord } from '@chargeplane/platform-messaging';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { RecordSink } from './bridge.js';
import {
  bridgeRig,
  chargerEvent,
  distinctByKey,
  publishChargerEvent,
  readTopic,
  type BridgeRig,
} from './bridge.spec-support.js';

/** Passes records to Kafka; on send number `crashAt`, once Kafka has them, the process "dies": its NATS connection drops, no ack is sent. */
class CrashingSink implements RecordSink {
  private sends = 0;
  private release: ((e: Error) => void) | undefined;
  private opened: (() => void) | undefined;
  // Sends wait until the test opens the gate: the process must not die while it is still starting up.
  private readonly gate = new Promise<void>((resolve) => (this.opened = resolve));
  constructor(
    private readonly inner: RecordSink,
    private readonly crashAt: number,
    private readonly die: () => Promise<void>,
  ) {}

  open(): void {
    this.opened?.();
  }

  async send(topic: string, records: readonly KafkaRecord[]): Promise<void> {
    await this.gate;
    await this.inner.send(topic, records);
    if (++this.sends !== this.crashAt) return;
    await this.die();
    await new Promise<void>((_resolve, reject) => (this.release = reject));
  }

  /** Lets the dead bridge's loop end (the test's own clean-up). */
  bury(): void {
    this.release?.(new Error('crashed'));
  }
}

describe('kafka-bridge crash mid-batch (real NATS and Kafka)', () => {
  let infra: TestInfra;
  let rig: BridgeRig;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, kafka: true });
    rig = await bridgeRig(infra, 'bridge-crash');
  });
  afterAll(async () => {
    await rig?.stop();
    await infra?.stop();
  });

  it('resumes after a crash from the last acknowledged batch: the consumer sees duplicates, drops them by id, and nothing is lost or reordered', async () => {
    const chargers = ['X-1', 'X-2', 'X-3'];
    const sent = new Map(chargers.map((c) => [c, Array.from({ length: 40 }, (_, i) => chargerEvent(c, i + 1))]));
    for (let v = 0; v < 40; v++) for (const c of chargers) await publishChargerEvent(rig.bus, sent.get(c)![v]!);

    const doomedBus = await NatsBus.connect({ url: infra.natsUrl, name: 'bridge-crash-doomed', prefix: infra.runId });
    const sink = new CrashingSink(rig.kafka, 2, () => doomedBus.nc.close());
    const { bridge: doomed } = await rig.startBridge({ bus: doomedBus, sink, settings: { batchSize: 25 } });
    sink.open();
    await vi.waitFor(() => expect(doomedBus.nc.isClosed()).toBe(true), { timeout: 20_000 });

    // A new process on the same durable consumers; more events arrive meanwhile.
    const { bridge } = await rig.startBridge({ settings: { batchSize: 25 } });
    for (const c of chargers) {
      const late = chargerEvent(c, 41);
      sent.get(c)!.push(late);
      await publishChargerEvent(rig.bus, late);
    }
    const expected = 3 * 41;
    const raw = await readTopic(
      infra.kafkaBrokers,
      rig.topic(topics.chargerEvents),
      (r) => new Set(r.map((x) => x.id)).size >= expected,
    );
    expect(raw.length).toBeGreaterThan(expected);
    const byKey = distinctByKey(raw);
    for (const c of chargers) expect(byKey.get(c)).toEqual(sent.get(c)!.map((e) => e.id));

    // The integrators' kit drops the duplicates itself.
    const handled = new Map<string, string[]>();
    const kit = new EventStreamConsumer({
      brokers: infra.kafkaBrokers,
      groupId: `${infra.runId}-kit`,
      topics: [topics.chargerEvents],
      topicPrefix: rig.topicPrefix,
      registry: ContractRegistry.published(),
      handlers: {
        events: {
          ChargerRegistered: (e) => void handled.set(e.chargerId, [e.id]),
          ChargerConnected: (e) => void handled.get(e.chargerId)!.push(e.id),
        },
      },
      fromBeginning: true,
      dedupeCapacity: 10_000,
      onInvalid: (problem) => {
        throw new Error(problem);
      },
    });
    await kit.start();
    await kit.waitUntilCaughtUp(30_000);
    await kit.stop();
    expect(kit.stats.duplicates).toBe(raw.length - expected);
    for (const c of chargers) expect(handled.get(c)).toEqual(sent.get(c)!.map((e) => e.id));

    const stopping = doomed.stop().catch(() => undefined);
    sink.bury();
    await stopping;
    await bridge.stop();
  }, 120_000);
});

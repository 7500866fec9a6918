import { randomUUID } from 'node:crypto';
import { streams, subjects, topics } from '@chargeplane/contracts-api';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import {
  bridgeRig,
  chargerEvent,
  distinctByKey,
  FlakySink,
  publishChargerEvent,
  readTopic,
  type BridgeRig,
} from './bridge.spec-support.js';

describe('kafka-bridge (real NATS and Kafka)', () => {
  let infra: TestInfra;
  let rig: BridgeRig;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true, kafka: true });
  });
  beforeEach(async () => {
    rig = await bridgeRig(infra, 'bridge-test');
  });
  afterEach(async () => {
    await rig?.stop();
  });
  afterAll(async () => {
    await infra?.stop();
  });

  it('publishes each charger’s events in order, keyed by charger id, with headers and without internal secrets', async () => {
    const chargers = ['K-1', 'K-2', 'K-3'];
    const sent = new Map(chargers.map((c) => [c, [1, 2, 3, 4, 5].map((v) => chargerEvent(c, v))]));
    // Interleave the chargers on the stream, as concurrent commands would.
    for (let v = 0; v < 5; v++) for (const c of chargers) await publishChargerEvent(rig.bus, sent.get(c)![v]!);
    const { registry } = await rig.startBridge();

    const records = await readTopic(
      infra.kafkaBrokers,
      rig.topic(topics.chargerEvents),
      (r) => r.filter((x) => chargers.includes(x.key)).length >= 15,
    );
    const byKey = distinctByKey(records);
    for (const c of chargers) {
      expect(byKey.get(c)).toEqual(sent.get(c)!.map((e) => e.id));
      expect(new Set(records.filter((r) => r.key === c).map((r) => r.partition)).size).toBe(1);
    }
    const first = records.find((r) => r.key === 'K-1')!;
    expect(first.headers).toEqual({
      type: 'ChargerRegistered',
      schemaVersion: '1',
      tenantId: 'tenant-a',
      eventId: first.id,
    });
    expect(JSON.stringify(records)).not.toContain('never-published');
    // Everything already stored went out in one batch (one Kafka send).
    const sends = /kafka_bridge_batch_records_count\{pipeline="charger-events"\} (\d+)/.exec(
      await registry.getSingleMetricAsString('kafka_bridge_batch_records'),
    );
    expect(Number(sends?.[1])).toBeLessThan(15);
  });

  it('publishes telemetry and compliance events on their own topics and skips other charger facts', async () => {
    const fact = (action: string, request: Record<string, unknown>) => ({
      id: randomUUID(),
      context: {
        tenantId: 'tenant-a',
        chargerId: 'T-1',
        edgeId: 'e',
        connectionId: 'k',
        receivedAt: new Date().toISOString(),
        messageId: 'm',
      },
      action,
      request,
      response: {},
    });
    await rig.bus.publish(subjects.ocppIn('T-1', 'Heartbeat'), fact('Heartbeat', {}));
    await rig.bus.publish(
      subjects.ocppIn('T-1', 'StatusNotification'),
      fact('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' }),
    );
    const audit = {
      ...chargerEvent('T-1', 2),
      type: 'PlatformDelayActivated',
      streamId: 'compliance-T-1',
      data: { maxDelaySeconds: 600 },
    };
    await rig.bus.publish(subjects.complianceEvents('T-1'), audit, audit.id);
    await rig.startBridge();

    const telemetry = await readTopic(infra.kafkaBrokers, rig.topic(topics.telemetry), (r) => r.length >= 1);
    expect(telemetry.map((r) => r.headers['type'])).toEqual(['ConnectorStatusReported']);
    expect(telemetry[0]!.value).toMatchObject({ chargerId: 'T-1', data: { status: 'Charging' } });
    const compliance = await readTopic(infra.kafkaBrokers, rig.topic(topics.compliance), (r) => r.length >= 1);
    expect(compliance[0]!.value).toMatchObject({
      id: audit.id,
      type: 'PlatformDelayActivated',
      data: { maxDelaySeconds: 600 },
    });
    expect(compliance[0]!.value).not.toHaveProperty('streamId');
  });

  it('keeps a batch Kafka refused and retries it, losing and reordering nothing, and shows its lag meanwhile', async () => {
    const sink = new FlakySink(rig.kafka, 6);
    const { bridge, registry } = await rig.startBridge({ sink, settings: { retryMaxMs: 400 } });
    const sent = [1, 2, 3, 4, 5, 6].map((v) => chargerEvent('F-1', v));
    for (const e of sent) await publishChargerEvent(rig.bus, e);

    const stuck = await bridge.lag();
    expect(stuck.get('charger-events')!.eventsBehind).toBeGreaterThan(0);
    await vi.waitFor(
      async () => expect((await bridge.lag()).get('charger-events')!.secondsBehind).toBeGreaterThan(0.3),
      { timeout: 5_000, interval: 250 },
    );
    expect(await registry.getSingleMetricAsString('kafka_bridge_events_behind')).toMatch(
      /pipeline="charger-events"[^}]*\} [1-6]/,
    );

    const records = await readTopic(
      infra.kafkaBrokers,
      rig.topic(topics.chargerEvents),
      (r) => r.filter((x) => x.key === 'F-1').length >= 6,
    );
    expect(distinctByKey(records).get('F-1')).toEqual(sent.map((e) => e.id));
    expect(sink.sends).toBeGreaterThan(6);
    await vi.waitFor(
      async () => expect((await bridge.lag()).get('charger-events')).toEqual({ eventsBehind: 0, secondsBehind: 0 }),
      { timeout: 5_000, interval: 250 },
    );
    expect(await registry.getSingleMetricAsString('kafka_bridge_send_failures_total')).toMatch(/\} 6$/m);
  });

  it('sends a message that can never be read to the dead letters, drops one without a public form, counts both, and goes on with the rest', async () => {
    const good = chargerEvent('D-1', 1);
    const unmappable = { ...chargerEvent('D-1', 2), data: { nonsense: true } };
    await rig.bus.publish(subjects.chargerEvents('D-1'), { not: 'an envelope' });
    await publishChargerEvent(rig.bus, unmappable);
    await publishChargerEvent(rig.bus, good);
    const { bridge, registry } = await rig.startBridge();

    const records = await readTopic(infra.kafkaBrokers, rig.topic(topics.chargerEvents), (r) =>
      r.some((x) => x.id === good.id),
    );
    expect(records.filter((r) => r.key === 'D-1').map((r) => r.id)).toEqual([good.id]);
    const dropped = await registry.getSingleMetricAsString('kafka_bridge_dropped_events_total');
    expect(dropped).toMatch(/reason="unmappable"[^}]*\} 1/);
    const letters = await registry.getSingleMetricAsString('chargeplane_dead_letters_total');
    expect(letters).toMatch(/origin="consumer",reason="invalid"[^}]*\} 1/);
    const letter = await rig.bus.jsm.streams.getMessage(rig.bus.stream(streams.deadLetters.name), {
      last_by_subj: rig.bus.subject(subjects.deadLetterNoCharger),
    });
    expect(letter?.json()).toEqual({ not: 'an envelope' });
    await vi.waitFor(async () => expect((await bridge.lag()).get('charger-events')!.eventsBehind).toBe(0), {
      timeout: 5_000,
      interval: 250,
    });
  });
});

import { streams, subjects } from '@chargeplane/contracts-api';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { NatsBus } from './nats-bus.js';
import { defaultStreamPolicy, type StreamPolicy } from './stream-policy.js';

const NS_PER_MS = 1_000_000;
const HOUR_MS = 3_600_000;

/** Small caps: nats-server reserves a stream's byte cap on its disk. */
const policy: StreamPolicy = {
  facts: { maxAgeMs: 48 * HOUR_MS, maxBytes: 64 * 1024 * 1024 },
  events: { maxAgeMs: 7 * 24 * HOUR_MS, maxBytes: null },
  deadLetters: { maxAgeMs: 14 * 24 * HOUR_MS, maxBytes: null },
  duplicateWindowMs: 300_000,
  replicas: 3,
};

describe('ensureStreams brings existing streams to the configured retention (real NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  const memoryStream = { name: 'RETENTION_MEMORY', subjects: ['retention.memory.>'], retention: 'events' as const };
  const all = [streams.ocppIn, streams.chargerEvents, memoryStream];

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'retention-test', prefix: infra.runId });
  });
  afterAll(async () => {
    await bus?.deleteStreams(all);
    await bus?.close();
    await infra?.stop();
  });

  it('updates the limits of a stream created with the old defaults in place, keeping its messages', async () => {
    // OCPP_IN as provisioning created it before: no age or size limit, a 2-minute duplicate window.
    await bus.jsm.streams.add({
      name: bus.stream(streams.ocppIn.name),
      subjects: streams.ocppIn.subjects.map((s) => bus.subject(s)),
      duplicate_window: 120_000 * NS_PER_MS,
    });
    for (let n = 0; n < 5; n++) await bus.publish(subjects.ocppIn('CP-1', 'MeterValues'), { n }, `fact-${n}`);

    // Without `update` (an app starting) the differences are only reported.
    const [seen] = await bus.ensureStreams([streams.ocppIn], { policy });
    expect(seen).toMatchObject({ action: 'differs', changes: expect.arrayContaining(['max_age none → 2d']) });
    expect((await bus.jsm.streams.info(bus.stream('OCPP_IN'))).config.max_age).toBe(0);

    const reports = await bus.ensureStreams([streams.ocppIn, streams.chargerEvents], { policy, update: true });

    expect(reports[0]).toEqual({
      stream: bus.stream('OCPP_IN'),
      action: 'updated',
      changes: ['max_age none → 2d', 'max_bytes none → 64 MiB', 'duplicate_window 2m → 5m'],
      refused: [],
      notes: [expect.stringMatching(/not clustered: 1 replica/)],
    });
    expect(reports[1]).toMatchObject({
      stream: bus.stream('CHARGER_EVENTS'),
      action: 'created',
      changes: ['max_age 7d', 'max_bytes none', 'duplicate_window 5m', 'num_replicas 1'],
    });
    const info = await bus.jsm.streams.info(bus.stream('OCPP_IN'));
    expect(info.config).toMatchObject({
      max_age: 48 * HOUR_MS * NS_PER_MS,
      max_bytes: 64 * 1024 * 1024,
      duplicate_window: 300_000 * NS_PER_MS,
      num_replicas: 1,
    });
    expect(info.state.messages).toBe(5);
    // The new duplicate window is in force: a re-publish of a fact is dropped.
    expect((await bus.publish(subjects.ocppIn('CP-1', 'MeterValues'), { n: 4 }, 'fact-4')).duplicate).toBe(true);
    expect((await bus.jsm.streams.info(bus.stream('CHARGER_EVENTS'))).config.max_age).toBe(
      7 * 24 * HOUR_MS * NS_PER_MS,
    );

    const again = await bus.ensureStreams([streams.ocppIn, streams.chargerEvents], { policy, update: true });
    expect(again.map((r) => r.action)).toEqual(['unchanged', 'unchanged']);
  });

  it('reports what the server cannot change in place and still applies the rest, without recreating the stream', async () => {
    await bus.jsm.streams.add({
      name: bus.stream(memoryStream.name),
      subjects: memoryStream.subjects.map((s) => bus.subject(s)),
      storage: 'memory',
    });
    await bus.publish('retention.memory.a', { kept: true });

    const [report] = await bus.ensureStreams([memoryStream], { policy: defaultStreamPolicy, update: true });

    expect(report).toMatchObject({
      action: 'updated',
      changes: ['max_age none → 30d', 'duplicate_window 2m → 10m'],
      refused: ['storage is memory, not file (the server cannot change it in place)'],
    });
    const info = await bus.jsm.streams.info(bus.stream(memoryStream.name));
    expect(info.config.storage).toBe('memory');
    expect(info.state.messages).toBe(1);
  });

  it('reports a limit the server refuses and keeps the stream as it was', async () => {
    const greedy: StreamPolicy = { ...policy, events: { maxAgeMs: policy.events.maxAgeMs, maxBytes: 2 ** 50 } };

    const [report] = await bus.ensureStreams([streams.chargerEvents], { policy: greedy, update: true });

    expect(report).toMatchObject({ action: 'differs', changes: [] });
    expect(report!.refused).toEqual([expect.stringMatching(/^max_bytes none → 1024 TiB refused by nats-server: /)]);
    expect((await bus.jsm.streams.info(bus.stream('CHARGER_EVENTS'))).config.max_bytes).toBe(-1);
  });
});

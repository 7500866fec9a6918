import type { EventEnvelope } from '@chargeplane/contracts-events';
import { currentTraceCarrier, inSpan, type TraceCarrier } from '@chargeplane/platform-observability';
import { inMemoryTracing } from '@chargeplane/platform-testing';
import { anEvent, useEventStore } from './event-store.spec-support.js';
import { GroupCommitter } from './group-commit.js';
import { OutboxRelay } from './outbox-relay.js';

const traceIdOf = (carrier: TraceCarrier | undefined) => carrier?.traceparent.split('-')[1];

describe('the trace context through the event store and the outbox (real PostgreSQL)', () => {
  const rig = useEventStore();
  const tracing = inMemoryTracing();
  beforeAll(() => tracing.install());
  afterAll(() => tracing.uninstall());

  it('stores each append’s trace with its events — also two appends of one group commit — and publishes in it', async () => {
    const commits = new GroupCommitter(rig.store, () => ({}));
    const appendIn = (name: string, streamId: string) =>
      inSpan(name, { role: 'server' }, async () => {
        const carrier = currentTraceCarrier();
        const [stored] = await commits.append({ streamId, expectedVersion: 0, events: [anEvent(streamId)] });
        return { carrier, stored };
      });
    // Requested together: one transaction, each event with the trace of its own request.
    const [a, b] = await Promise.all([appendIn('request A', 'charger-TA'), appendIn('request B', 'charger-TB')]);
    const untraced = await rig.store.append('charger-TC', 0, [anEvent('charger-TC')]);

    expect(a.stored?.trace).toEqual(a.carrier);
    expect(b.stored?.trace).toEqual(b.carrier);
    expect(traceIdOf(a.carrier)).not.toBe(traceIdOf(b.carrier));
    expect(untraced[0]?.trace).toBeUndefined();
    expect((await rig.store.readStream('charger-TA'))[0]?.trace).toEqual(a.carrier);

    // The relay publishes each event in a producer span of its trace: what it sends carries that trace.
    const sent = new Map<string, TraceCarrier | undefined>();
    const relay = new OutboxRelay(
      rig.db,
      async (_subject, event: EventEnvelope) => void sent.set(event.streamId, currentTraceCarrier()),
      {
        databaseUrl: rig.infra.databaseUrl,
        maxPayloadBytes: () => 1_048_576,
        deadLetter: () => Promise.reject(new Error('nothing here is a dead letter')),
      },
    );
    expect(await relay.drainOnce()).toBe(3);
    await relay.stop();
    expect(traceIdOf(sent.get('charger-TA'))).toBe(traceIdOf(a.carrier));
    expect(traceIdOf(sent.get('charger-TB'))).toBe(traceIdOf(b.carrier));
    expect(sent.get('charger-TC')).toBeUndefined();
    const publish = tracing.spans().filter((s) => s.name.startsWith('outbox publish'));
    expect(publish.map((s) => s.parentSpanContext?.spanId).sort()).toEqual(
      [a.carrier, b.carrier].map((c) => c?.traceparent.split('-')[2]).sort(),
    );
  });
});

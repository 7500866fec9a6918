import type { ChargerService } from '@chargeplane/charger-application';
import { streams, subjects } from '@chargeplane/contracts-api';
import { NatsBus } from '@chargeplane/platform-messaging';
import { createLogger } from '@chargeplane/platform-observability';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import type { ConfigurationReads } from './configuration-reads.js';
import { FactIntake } from './fact-intake.js';
import { aFact } from './fact.spec-support.js';

describe('FactIntake keeps a charger’s facts in order through retries (real NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'fact-intake-test', prefix: infra.runId });
    await bus.ensureStreams([streams.ocppIn, streams.deadLetters]);
  });
  afterAll(async () => {
    await bus?.close();
    await infra?.stop();
  });

  it('does not apply a StopTransaction before the StartTransaction it follows, which failed twice', async () => {
    const at = new Date().toISOString();
    const start = aFact(
      'F-1',
      'StartTransaction',
      { connectorId: 1, idTag: 'TAG', meterStart: 0, timestamp: at },
      { transactionId: 7, idTagInfo: { status: 'Accepted' } },
    );
    const stop = aFact('F-1', 'StopTransaction', { transactionId: 7, meterStop: 1200, timestamp: at });
    const calls: { fact: string; ok: boolean }[] = [];
    let startFailures = 0;
    // The aggregate's side: the Start's command fails twice (PostgreSQL refusing it, say), then goes through.
    const service = {
      execute: async (_chargerId: string, _build: unknown, context: { correlationId: string }) => {
        const ok = !(context.correlationId === start.id && startFailures++ < 2);
        calls.push({ fact: context.correlationId === start.id ? 'start' : 'stop', ok });
        if (!ok) throw new Error('could not append');
        return { events: [], state: {}, version: 1 };
      },
    } as unknown as ChargerService;
    const reads = { connected: () => undefined, booted: () => undefined, stop: () => undefined };
    const intake = new FactIntake(bus, service, reads as unknown as ConfigurationReads, createLogger('t', 'silent'));
    await bus.publish(subjects.ocppIn('F-1', start.action), start, start.id);
    await bus.publish(subjects.ocppIn('F-1', stop.action), stop, stop.id);
    await intake.start({ leaseTtlMs: 2000 });
    await vi.waitFor(() => expect(calls.filter((c) => c.ok).map((c) => c.fact)).toEqual(['start', 'stop']), {
      timeout: 20_000,
    });
    await intake.stop();
    // The Stop waited behind the failing Start: it was never even tried before the Start went through.
    expect(calls).toEqual([
      { fact: 'start', ok: false },
      { fact: 'start', ok: false },
      { fact: 'start', ok: true },
      { fact: 'stop', ok: true },
    ]);
  });
});

import { streams, subjects } from '@chargeplane/contracts-api';
import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { z } from 'zod';
import { consume } from './consume.js';
import { NatsBus } from './nats-bus.js';

const Fact = z.object({ charger: z.string(), n: z.number() });

describe('consume with per-key parallelism (real NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;
  const stream = streams.ocppIn;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'consume-test', prefix: infra.runId });
    await bus.ensureStreams([stream]);
  });
  afterAll(async () => {
    await bus?.deleteStreams([stream]);
    await bus?.close();
    await infra?.stop();
  });

  it('handles one key’s messages in order and different keys side by side, within the concurrency', async () => {
    const chargers = ['A', 'B', 'C', 'D'];
    for (let n = 0; n < 40; n++) {
      const charger = chargers[n % 4] as string;
      await bus.publish(subjects.ocppIn(charger, n % 3 === 0 ? 'StatusNotification' : 'Heartbeat'), { charger, n });
    }
    const order = new Map<string, number[]>();
    let active = 0;
    let most = 0;
    const consumer = await consume(bus, {
      stream: stream.name,
      durable: 'parallel',
      filterSubject: subjects.ocppInAll,
      schema: Fact,
      handle: async ({ charger, n }) => {
        active++;
        most = Math.max(most, active);
        // Later messages finish sooner: only per-key chaining keeps a key's order.
        await new Promise((r) => setTimeout(r, 40 - n));
        order.set(charger, [...(order.get(charger) ?? []), n]);
        active--;
      },
      onInvalid: () => undefined,
      onError: () => undefined,
      parallel: { keyOf: (subject) => subject.slice(0, subject.lastIndexOf('.')), concurrency: 3 },
    });
    await vi.waitFor(() => expect([...order.values()].flat()).toHaveLength(40), { timeout: 10_000 });
    await consumer.stop();
    for (const [i, charger] of chargers.entries()) {
      expect(order.get(charger)).toEqual(Array.from({ length: 10 }, (_, k) => i + 4 * k));
    }
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
  });
});

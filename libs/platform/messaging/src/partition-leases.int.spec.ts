import { provideInfra, type TestInfra } from '@chargeplane/platform-testing';
import { NatsBus } from './nats-bus.js';
import { PartitionLeases, type OwnershipChange } from './partition-leases.js';

describe('PartitionLeases (real NATS)', () => {
  let infra: TestInfra;
  let bus: NatsBus;

  beforeAll(async () => {
    infra = await provideInfra({ nats: true });
    bus = await NatsBus.connect({ url: infra.natsUrl, name: 'leases-test', prefix: infra.runId });
  });
  afterAll(async () => {
    await bus?.close();
    await infra?.stop();
  });

  // The fault drill under load: a renewal sent in time came back after the lease had lapsed. The partition's work
  // had seen `holds` false and stopped taking messages, the renewal then made the lease valid again, and the
  // partition stayed held with nothing working it: its chargers' facts were never applied.
  it('restarts the work of a partition whose renewal came back after the lease lapsed', async () => {
    let clock = 1_000_000;
    const ttlMs = 60_000; // the renewal timer (every 15 s) stays out of the way: balance is driven here
    const started: number[] = [];
    const stopped: number[] = [];
    const changes: OwnershipChange[] = [];
    const leases = new PartitionLeases(
      bus,
      { group: 'lapse-test', partitions: 1, ttlMs },
      'replica-1',
      {
        start: async (p) => void started.push(p),
        stop: async (p) => void stopped.push(p),
        changed: (c) => void changes.push(c),
      },
      (e) => {
        throw e;
      },
      () => clock,
    );
    const publish = bus.js.publish.bind(bus.js);
    let slowRenewal = false;
    bus.js.publish = (async (...args: Parameters<typeof publish>) => {
      const ack = await publish(...args);
      if (slowRenewal && String(args[0]).includes('.partition.')) {
        slowRenewal = false; // this one renewal's reply came back late; the next writes are quick again
        clock += ttlMs;
      }
      return ack;
    }) as typeof publish;
    try {
      await leases.start();
      expect(started).toEqual([0]);
      expect(leases.holds(0)).toBe(true);

      slowRenewal = true;
      await leases.balance();

      expect(stopped).toEqual([0]);
      expect(changes.map((c) => c.change)).toEqual(['acquired', 'lost', 'acquired']);
      expect(started).toEqual([0, 0]);
      expect(leases.holds(0)).toBe(true);
    } finally {
      bus.js.publish = publish;
      await leases.stop();
    }
  });
});

import { startMinimalCsms, type MinimalCsms } from '../test/minimal-csms.js';
import { waitUntil } from '../test/rpc-csms.js';
import { startSimulator, type SimulatorHandle } from './start-simulator.js';

// Fleet mode: a thousand chargers in this one process, driven by one scheduler, all connect and boot
// against a minimal local Central System within a bounded time.

const COUNT = 1000;
const BOUND_MS = 30_000;

describe('Fleet of 1,000 chargers', () => {
  let csms: MinimalCsms;
  let sim: SimulatorHandle | undefined;

  beforeAll(async () => {
    csms = await startMinimalCsms({ heartbeatIntervalS: 300 });
  });

  afterAll(async () => {
    await sim?.stop();
    await csms.close();
  });

  it(`connects and boots every charger within ${BOUND_MS / 1000} s`, async () => {
    const startedAt = Date.now();
    sim = await startSimulator({
      url: csms.url,
      count: COUNT,
      idPrefix: 'FLEET-',
      password: 'fleet-pw',
      connectRate: 2000,
      seed: 'fleet',
      summaryEvery: 0,
      logLevel: 'silent',
    });
    const handle = sim;
    await waitUntil(() => (handle.report().everBooted === COUNT ? true : undefined), BOUND_MS);
    const elapsedMs = Date.now() - startedAt;

    expect(elapsedMs).toBeLessThan(BOUND_MS);
    expect(csms.bootedIds().size).toBe(COUNT);
    expect([...csms.bootedIds()].sort().slice(0, 2)).toEqual(['FLEET-0001', 'FLEET-0002']);
    expect(csms.bootedIds().has('FLEET-1000')).toBe(true);
    const report = handle.report();
    expect(report).toMatchObject({ chargers: COUNT, connected: COUNT, booted: COUNT, rejects: 0, timeouts: 0 });
    expect(report.allBootedAfterMs).not.toBeNull();
    // Every charger reports its connector once booted.
    await waitUntil(() => (csms.count('StatusNotification') >= COUNT ? true : undefined), BOUND_MS);
  });

  it('stops cleanly, closing every connection', async () => {
    await sim?.stop();
    await waitUntil(() => (csms.connections() === 0 ? true : undefined), 10_000);
  });
});

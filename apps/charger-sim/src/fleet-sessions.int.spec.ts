import { startMinimalCsms, type MinimalCsms } from '../test/minimal-csms.js';
import { waitUntil } from '../test/rpc-csms.js';
import { startSimulator, type SimulatorHandle } from './start-simulator.js';

// Scripted sessions (`--sessions`): chargers plug cars in and out on their own, from the seeded source,
// on the simulated clock (600× here: a one-minute mean session lasts a tenth of a real second).

describe('Scripted sessions', () => {
  let csms: MinimalCsms;
  let sim: SimulatorHandle | undefined;

  beforeAll(async () => {
    csms = await startMinimalCsms({ heartbeatIntervalS: 300 });
  });

  afterAll(async () => {
    await sim?.stop();
    await csms.close();
  });

  it('runs whole sessions on every charger: Authorize, StartTransaction, StopTransaction', async () => {
    sim = await startSimulator({
      url: csms.url,
      count: 5,
      idPrefix: 'SESSION-',
      sessions: true,
      sessionMinutes: 1,
      idleMinutes: 1,
      clockSpeed: 600,
      seed: 'sessions',
      summaryEvery: 0,
      logLevel: 'silent',
    });
    await waitUntil(() => (csms.count('StopTransaction') >= 10 ? true : undefined), 20_000);
    expect(csms.count('Authorize')).toBeGreaterThanOrEqual(10);
    expect(csms.count('StartTransaction')).toBeGreaterThanOrEqual(10);
    expect(sim.report()).toMatchObject({ rejects: 0, timeouts: 0 });
  });
});

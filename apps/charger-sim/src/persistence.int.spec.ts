import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { controlClient, tempStateDir } from '../test/control-client.js';
import { startMinimalCsms, type MinimalCsms } from '../test/minimal-csms.js';
import { waitUntil } from '../test/rpc-csms.js';
import { startSimulator, type SimulatorHandle } from './start-simulator.js';

// Installed profiles persist across reboots and power cycles (Errata 3.37): the simulator keeps them in
// its state directory, across a restart through the control API and across a new process.

const ID = 'ZAPPI-PERSIST-0001';
const DAY_MS = 86_400_000;
const profile = {
  chargingProfileId: 7,
  stackLevel: 0,
  chargingProfilePurpose: 'TxDefaultProfile',
  chargingProfileKind: 'Absolute',
  chargingSchedule: {
    chargingRateUnit: 'A',
    // A day before the simulator's clock (which starts at the present): in force on arrival.
    startSchedule: new Date(Date.now() - DAY_MS).toISOString(),
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }],
  },
};

interface Stored {
  chargingProfile: { chargingProfileId: number };
}

describe('Persistence of stored memory', () => {
  let csms: MinimalCsms;
  let sim: SimulatorHandle | undefined;
  const stateDir = tempStateDir();
  const start = () =>
    startSimulator({
      url: csms.url,
      id: ID,
      password: 'pw',
      stateDir,
      controlPort: 0,
      clockSpeed: 30,
      rebootDelayMs: 50,
      logLevel: 'silent',
    });
  const boots = () => csms.count('BootNotification');

  beforeAll(async () => {
    csms = await startMinimalCsms({ heartbeatIntervalS: 300 });
    sim = await start();
    await waitUntil(() => csms.sockets().get(ID));
    await waitUntil(() => (boots() === 1 ? true : undefined));
  });

  afterAll(async () => {
    await sim?.stop();
    await csms.close();
  });

  it('writes the state file atomically once a profile is stored', async () => {
    const answer = await csms.send(ID, [
      2,
      'set-1',
      'SetChargingProfile',
      { connectorId: 1, csChargingProfiles: profile },
    ]);
    expect(answer).toEqual([3, 'set-1', { status: 'Accepted' }]);
    const file = join(stateDir, `${ID}.json`);
    const saved = await waitUntil(() =>
      existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { profiles: unknown[] }) : undefined,
    );
    expect(saved.profiles).toHaveLength(1);
    expect(existsSync(`${file}.${process.pid}.tmp`)).toBe(false);
  });

  it('keeps the profile through a restart of the charger (control API), which boots again', async () => {
    const api = controlClient(sim?.controlPort ?? null);
    expect((await api.post(`/chargers/${ID}/restart`)).status).toBe(202);
    await waitUntil(() => (boots() === 2 ? true : undefined));
    const stored = await api.get<Stored[]>(`/chargers/${ID}/profiles`);
    expect(stored.body.map((p) => p.chargingProfile.chargingProfileId)).toEqual([7]);
  });

  it('keeps the profile and the write log through a new process on the same state directory', async () => {
    await sim?.stop();
    sim = await start();
    await waitUntil(() => (boots() === 3 ? true : undefined));
    const api = controlClient(sim.controlPort);
    const stored = await api.get<Stored[]>(`/chargers/${ID}/profiles`);
    expect(stored.body.map((p) => p.chargingProfile.chargingProfileId)).toEqual([7]);
    const writes = await api.get<{ count: number }>(`/chargers/${ID}/writes`);
    expect(writes.body.count).toBe(1);
    // The new process's accelerated clock starts again from the present, behind the instant the first process
    // installed the profile at (its clock ran 30× faster): the profile applies once the new clock passes it.
    const limitNow = async () => {
      const composite = await csms.send(ID, [
        2,
        `cs-${Date.now()}`,
        'GetCompositeSchedule',
        { connectorId: 1, duration: 60, chargingRateUnit: 'A' },
      ]);
      const answer = composite[2] as { status: string; chargingSchedule?: { chargingSchedulePeriod: unknown[] } };
      return answer.chargingSchedule?.chargingSchedulePeriod.length === 1 ? answer : undefined;
    };
    expect(await waitUntil(limitNow)).toMatchObject({
      status: 'Accepted',
      chargingSchedule: { chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
    });
  });

  it('ends a session cut by the process going down with reason PowerLoss', async () => {
    const api = controlClient(sim?.controlPort ?? null);
    await api.post(`/chargers/${ID}/plug-in`, { maxPowerW: 7000 });
    await waitUntil(
      async () =>
        (await api.get<{ connectors: Array<{ transactionId: number | null }> }>(`/chargers/${ID}`)).body.connectors[0]
          ?.transactionId ?? undefined,
    );
    await sim?.stop();
    const stopsBefore = csms.count('StopTransaction');
    sim = await start();
    await waitUntil(() => (csms.count('StopTransaction') > stopsBefore ? true : undefined));
    const summary = await controlClient(sim.controlPort).get<{
      connectors: Array<{ status: string; transactionId: number | null }>;
    }>(`/chargers/${ID}`);
    expect(summary.body.connectors[0]).toMatchObject({ status: 'Finishing', transactionId: null });
  });
});

import type { ChildProcess } from 'node:child_process';
import type { Twin } from '@chargeplane/contracts-api';
import { eventually } from '@chargeplane/platform-testing';
import { api, freePort, startCharger, startHarness, tenantWithCharger, type Harness } from './e2e-harness.js';

const DAY = 86_400_000;

/** A Daily TxDefaultProfile anchored at the test clock's last UTC midnight (never a literal day). */
function profile() {
  const midnight = new Date(Math.floor(Date.now() / DAY) * DAY).toISOString().replace('.000Z', 'Z');
  return {
    connectorId: 1,
    chargingProfile: {
      chargingProfileId: 100,
      stackLevel: 0,
      chargingProfilePurpose: 'TxDefaultProfile',
      chargingProfileKind: 'Recurring',
      recurrencyKind: 'Daily',
      chargingSchedule: {
        duration: 86_400,
        startSchedule: midnight,
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 6 },
          { startPeriod: 3600, limit: 32 },
        ],
      },
    },
  };
}

interface StoredEvent {
  type: string;
  data: { readFailure?: { failure: string } };
}
interface SimCall {
  action: string;
  reason: string | null;
}

describe('Device gates: a zappi whose configuration read after a reboot times out (Z17, rule 3c)', () => {
  let h: Harness;
  let sim: ChildProcess | undefined;
  beforeAll(async () => {
    // Short read timeout and back-off so the scenario takes seconds: first retry 8 s after a failure, then 16 s.
    h = await startHarness({ env: { CONFIG_READ_TIMEOUT_SECONDS: '3', CONFIG_READ_RETRY_SECONDS: '8' } });
  });
  afterAll(async () => {
    sim?.kill('SIGTERM');
    await h?.stop();
  });

  it('gets no profile written until a fresh read opens the gate, and then gets it', async () => {
    const { apiUrl, ocppUrl } = h.platform;
    const chargerId = 'ZAPPI-GATE-0001';
    const { key, password } = await tenantWithCharger(h, 'gates', { chargerId, model: 'zappi' });
    const controlPort = await freePort();
    const control = (path: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${controlPort}/chargers/${chargerId}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    const events = async () =>
      (await api<{ items: StoredEvent[] }>(apiUrl, 'GET', `/v1/chargers/${chargerId}/events?limit=1000`, key)).body
        .items;
    const simCalls = async () => (await (await control('/calls')).json()) as SimCall[];

    sim = startCharger({ ocppUrl, id: chargerId, password, controlPort });
    await eventually(async () => {
      const twin = await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key);
      return twin.body.connected && twin.body.commercialMode === true ? twin : undefined;
    }, 30_000);

    // The charger's cloud drops the next two GetConfiguration calls; then the charger reboots.
    expect((await control('/leave-unanswered', { action: 'GetConfiguration', count: 2 })).status).toBe(202);
    expect((await control('/restart', {})).status).toBe(202);
    await eventually(async () => {
      const history = await events();
      const lastBoot = history.map((e) => e.type).lastIndexOf('ChargerBooted');
      const boots = history.filter((e) => e.type === 'ChargerBooted').length;
      const failed = history
        .slice(lastBoot)
        .some((e) => e.type === 'ChargerConfigurationReported' && e.data.readFailure);
      return boots >= 2 && failed ? true : undefined;
    }, 30_000);

    // The next profile is taken, but held: the twin says why, and the charger receives nothing.
    const put = await api<{ status: string }>(
      apiUrl,
      'PUT',
      `/v1/chargers/${chargerId}/charging-profiles/100`,
      key,
      profile(),
    );
    expect(put).toMatchObject({ status: 202, body: { status: 'deferred' } });
    const held = await eventually(async () => {
      const twin = (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body;
      return twin.profiles[0]?.lastError?.code === 'CONFIGURATION_READ_FAILED' ? twin : undefined;
    }, 15_000);
    expect(held.profiles[0]?.sync).toBe('deferred');
    expect((await simCalls()).map((c) => c.action)).not.toContain('SetChargingProfile');

    // A read that is answered opens the gate: the profile is written then, and only then.
    const synced = await eventually(async () => {
      const twin = (await api<Twin>(apiUrl, 'GET', `/v1/chargers/${chargerId}`, key)).body;
      return twin.profiles[0]?.sync === 'in-sync' ? twin : undefined;
    }, 60_000);
    expect(synced.profiles[0]?.confirmed).toMatchObject({ chargingProfileId: 100 });
    const calls = await simCalls();
    const reads = calls.flatMap((c, i) =>
      c.action === 'GetConfiguration' ? [{ i, answered: c.reason === null }] : [],
    );
    const write = calls.findIndex((c) => c.action === 'SetChargingProfile');
    // Two dropped reads after the reboot, each recorded and retried; the write follows the first answered read.
    expect(reads.filter((r) => !r.answered)).toHaveLength(2);
    const opened = reads.find((r) => r.answered && r.i > reads.filter((x) => !x.answered).at(-1)!.i);
    expect(opened).toBeDefined();
    expect(write).toBeGreaterThan(opened!.i);
    const history = await events();
    const types = history.map((e) => e.type);
    const dispatched = types.indexOf('ChargingProfileWriteDispatched');
    const lastFailure = history.map((e) => Boolean(e.data.readFailure)).lastIndexOf(true);
    expect(history.filter((e) => e.data.readFailure)).toHaveLength(2);
    expect(dispatched).toBeGreaterThan(lastFailure);
    expect(types.slice(lastFailure + 1, dispatched)).toContain('ChargerConfigurationReported');
  }, 150_000);
});
